import Foundation
import KGCore
import KGML

/// `govbrain model eval routing --out-of-scope`: the routing of texts no intent covers, printed.
struct OutOfScopeReport {
    let model: RoutingModel
    let version: String
    let path: String

    /// Prints the evaluation; with `errors`, writes the texts dispatched automatically there.
    func print(format: TextOrJSON, errors: String?) throws {
        let evaluation = try OutOfScopeEvaluation(model: model, path: path)
        if let errors {
            let lines = evaluation.dispatched.map {
                JSONWriter.string(.object([("id", .string($0.id)), ("text", .string($0.text)), ("predicted", .string($0.intent)),
                                           ("confidence", .double($0.confidence))])) + "\n"
            }.joined()
            try AtomicFile.write(Data(lines.utf8), to: errors)
        }
        switch format {
        case .json:
            guard case .object(let members) = evaluation.json else { return }
            Swift.print(JSONWriter.string(.object([("model", .string("routing")), ("version", .string(version)), ("data", .string(path)),
                                                   ("noveltyGate", .bool(model.novelty != nil))] + members)))
        case .text:
            Swift.print("routing \(version) on \(path): texts no intent covers (novelty gate \(model.novelty == nil ? "off" : "on"))")
            Swift.print(evaluation.text)
        }
    }
}
