import Foundation
import KGCore
import KGEngine

/// Misroute flags scored against a generator's truth (`truth/work_orders.csv` of `govbrain datagen`:
/// code, intent, correctOffice, routedOffice, …): an order is truly misrouted when its office is not
/// the correct one. Each kind of evidence is scored alone and all together, beside a baseline that
/// takes a dissatisfied follow-up as the sign of a misroute.
public struct QualityEvaluation: Encodable, Sendable {
    /// One detector's figures.
    public struct Score: Encodable, Sendable {
        public let detector: String
        public let flagged: Int
        public let truePositives: Int
        public let precision: Double
        public let recall: Double
    }

    /// Orders scored: those with an office that the truth file knows.
    public let orders: Int
    /// Of which truly misrouted.
    public let misrouted: Int
    public let scores: [Score]

    public init(inspector: QualityInspector, truthFile: String) throws {
        let text: String
        do { text = try String(contentsOfFile: truthFile, encoding: .utf8) } catch {
            throw EngineError(code: .badValue, message: "cannot read the truth file \(truthFile): \(error.localizedDescription); "
                              + "pass the truth/work_orders.csv that `govbrain datagen` wrote")
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next()?.split(separator: ",").map(String.init),
              let code = header.firstIndex(of: "code"), let correct = header.firstIndex(of: "correctOffice"),
              let routed = header.firstIndex(of: "routedOffice") else {
            throw EngineError(code: .badValue, message: "\(truthFile) has no code, correctOffice and routedOffice columns; pass truth/work_orders.csv of `govbrain datagen`")
        }
        var truth: [String: Bool] = [:]
        while let line = lines.next() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count > max(code, correct, routed) else { continue }
            truth[f[code]] = f[correct] != f[routed]
        }
        let scored = inspector.orders.filter { $0.office != nil && truth[$0.code] != nil }
        let flags = Dictionary(inspector.flags.filter { $0.kind == .misroute }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let positives = Set(scored.filter { truth[$0.code] == true }.map(\.code))
        func score(_ name: String, _ flagged: (QualityInspector.Order) -> Bool) -> Score {
            let chosen = scored.filter(flagged)
            let tp = chosen.filter { positives.contains($0.code) }.count
            return Score(detector: name, flagged: chosen.count, truePositives: tp,
                         precision: chosen.isEmpty ? 0 : Double(tp) / Double(chosen.count),
                         recall: positives.isEmpty ? 0 : Double(tp) / Double(positives.count))
        }
        var scores = [score("baseline: dissatisfied follow-up") { $0.satisfaction.map(QualityInspector.dissatisfied.contains) ?? false }]
        for evidence in ["office_not_responsible", "router_disagrees", "returned", "reassigned"] {
            scores.append(score(evidence) { flags[$0.code]?.evidence.contains { $0.code == evidence } ?? false })
        }
        scores.append(score("inspection (any evidence)") { flags[$0.code] != nil })
        orders = scored.count
        misrouted = positives.count
        self.scores = scores
    }
}
