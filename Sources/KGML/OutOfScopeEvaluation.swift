import Foundation
import KGCore

/// How a routing model treats texts that no intent covers (small talk, a wrong number, another
/// language, an advert): each one it dispatches automatically is a wrong dispatch; the rest wait
/// for an agent, because the model was unsure or because its novelty gate found the text out of
/// distribution. Reported overall and by each text's `kind`.
public struct OutOfScopeEvaluation: Sendable {
    /// Counts of one group of texts.
    public struct Counts: Sendable, Equatable {
        public var texts = 0
        /// Dispatched without an agent (wrongly: no intent covers them).
        public var automatic = 0
        /// Sent to an agent by the novelty gate.
        public var outOfDistribution = 0
        /// Sent to an agent by low confidence alone (inside the gate).
        public var unsure = 0
    }

    public private(set) var overall = Counts()
    /// By kind, in the order kinds first appear.
    public private(set) var byKind: [(kind: String, counts: Counts)] = []
    /// The texts dispatched automatically (id, text, predicted intent, confidence), for reading.
    public private(set) var dispatched: [(id: String, text: String, intent: String, confidence: Double)] = []

    /// Routes every text of `path` (JSON Lines with "text", optionally "id" and "kind").
    /// - Throws: `ModelError` naming the file and line of a line without a text.
    public init(model: RoutingModel, path: String) throws {
        let lines = try JSONLines.read(path)
        var items: [(id: String, text: String, kind: String)] = []
        for (n, value) in lines {
            guard case .string(let text)? = value["text"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ModelError(code: .missingKey, "\(path):\(n): no \"text\"; each line needs the text as a string")
            }
            var id = "line \(n)", kind = "-"
            if case .string(let s)? = value["id"] { id = s }
            // The kind is printed: control characters (terminal escapes) are shown as U+FFFD.
            if case .string(let s)? = value["kind"] {
                kind = String(String.UnicodeScalarView(s.unicodeScalars.prefix(60).map { $0.properties.generalCategory == .control ? "\u{FFFD}" : $0 }))
            }
            items.append((id, text, kind))
        }
        guard !items.isEmpty else { throw ModelError(code: .emptyFile, "\(path) holds no texts") }
        let predictions = ParallelMap.map(items.map(\.text)) { model.predict($0) }
        var index: [String: Int] = [:]
        for (item, p) in zip(items, predictions) {
            if index[item.kind] == nil { index[item.kind] = byKind.count; byKind.append((item.kind, Counts())) }
            func add(_ c: inout Counts) {
                c.texts += 1
                if p.outOfDistribution { c.outOfDistribution += 1 } else if p.needsHuman { c.unsure += 1 } else { c.automatic += 1 }
            }
            add(&overall)
            add(&byKind[index[item.kind]!].counts)
            if !p.needsHuman { dispatched.append((item.id, item.text, p.intents[0].intent, p.confidence)) }
        }
    }

    /// The report as JSON.
    public var json: JSON {
        func counts(_ c: Counts) -> [(String, JSON)] {
            [("texts", .int(Int64(c.texts))), ("automatic", .int(Int64(c.automatic))), ("outOfDistribution", .int(Int64(c.outOfDistribution))),
             ("unsure", .int(Int64(c.unsure))), ("automaticShare", .double(c.texts > 0 ? Double(c.automatic) / Double(c.texts) : 0))]
        }
        return .object(counts(overall) + [("byKind", .array(byKind.map { .object([("kind", .string($0.kind))] + counts($0.counts)) }))])
    }

    /// The report as text lines.
    public var text: String {
        func line(_ name: String, _ c: Counts) -> String {
            "  " + name.padding(toLength: max(26, name.count), withPad: " ", startingAt: 0)
                + String(format: " %4d texts: %4d dispatched automatically (%.1f %%), %4d out of distribution, %4d unsure", c.texts, c.automatic, c.texts > 0 ? 100 * Double(c.automatic) / Double(c.texts) : 0, c.outOfDistribution, c.unsure)
        }
        return ([line("all", overall)] + byKind.map { line($0.kind, $0.counts) }).joined(separator: "\n")
    }
}
