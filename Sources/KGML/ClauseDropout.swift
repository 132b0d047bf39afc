import KGCore

/// Training-time augmentation for text classifiers: copies of a text that keep each of its
/// clauses (the pieces between punctuation or spaces) with a given probability.
///
/// A linear model that can separate the training texts by their most telling phrase puts little
/// weight on the rest of the text; when a citizen words the core problem in a way the training
/// data never had, the other clauses (details, the request) and the words inside them are all
/// the model has left. Copies with clauses dropped make every clause carry the label on its
/// own, which spreads the weights over them (the same idea as word dropout).
public struct ClauseDropout: Sendable {
    /// Copies made of each text with at least two clauses.
    public let copies: Int
    /// Probability that a clause is kept in a copy (a copy keeps at least one clause).
    public let keepProbability: Double

    public init(copies: Int, keepProbability: Double) {
        self.copies = max(0, copies)
        self.keepProbability = min(1, max(0, keepProbability))
    }

    /// Characters that end a clause.
    static let separators: Set<Character> = ["，", "。", "！", "？", "；", "、", "：", ",", ".", "!", "?", ";", ":", " ", "\u{3000}", "\n", "\t"]

    /// The clauses of `text`, in order, without their separators.
    public static func clauses(of text: String) -> [Substring] {
        text.split(whereSeparator: { separators.contains($0) })
    }

    /// The augmented copies of `records` (the originals are not included), each labelled as its
    /// source; the same seed gives the same copies.
    public func augment(_ records: [HotlineRecord], seed: UInt64) -> [HotlineRecord] {
        guard copies > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var out: [HotlineRecord] = []
        out.reserveCapacity(records.count * copies)
        for r in records {
            let parts = Self.clauses(of: r.text)
            guard parts.count >= 2 else { continue }
            for copy in 0..<copies {
                var kept = parts.filter { _ in rng.nextUniform() <= keepProbability }
                if kept.isEmpty { kept = [parts[Int(rng.next() % UInt64(parts.count))]] }
                out.append(HotlineRecord(id: "\(r.id)#\(copy + 1)", text: kept.joined(separator: "，"), intent: r.intent,
                                         department: r.department))
            }
        }
        return out
    }
}
