import Foundation
import KGCore
import KGEmbedding

/// Training-time augmentation from a domain lexicon: copies of a training text in which the
/// lexicon term of its own intent that it contains is replaced by another term of that intent.
///
/// The training corpus words each problem a few ways; citizens word it many more. A lexicon of
/// the objects and actions of each intent (gas meter, leaking pipe, no gas) says which words
/// mean the same problem. Swapping one for another inside a real text keeps everything else (the
/// place, the time, the request, the length the TF-IDF weights depend on) and teaches the
/// classifier that every term of the intent is evidence for it, in context, rather than only the
/// wording the corpus happens to use. Texts with no term of their own intent get no copy.
public struct LexiconSubstitution: Sendable {
    /// Copies made of each text that contains a term of its intent.
    public let copies: Int
    /// The terms of each intent, simplified (`TextNormalizer.simplify`), longest first.
    let termsByIntent: [String: [String]]

    /// - Parameter lexicon: labelled terms (`text` is the term, `intent` its intent); terms
    ///   shorter than two characters are ignored.
    public init(lexicon: [HotlineRecord], copies: Int) {
        self.copies = max(0, copies)
        var terms: [String: Set<String>] = [:]
        for r in lexicon {
            let t = TextNormalizer.simplify(r.text)
            if t.count >= 2 { terms[r.intent, default: []].insert(t) }
        }
        termsByIntent = terms.mapValues { $0.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 } }
    }

    /// The augmented copies of `records` (the originals are not included), each labelled as its
    /// source; the same seed gives the same copies.
    public func augment(_ records: [HotlineRecord], seed: UInt64) -> [HotlineRecord] {
        guard copies > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var out: [HotlineRecord] = []
        for r in records {
            guard let terms = termsByIntent[r.intent], terms.count >= 2 else { continue }
            let text = TextNormalizer.simplify(r.text)
            // The longest term of its intent that the text holds, and where.
            guard let (found, range) = terms.lazy.compactMap({ t in text.range(of: t).map { (t, $0) } }).first else { continue }
            for copy in 0..<copies {
                var other = terms[Int(rng.next() % UInt64(terms.count - 1))]
                if other == found { other = terms[terms.count - 1] }
                out.append(HotlineRecord(id: "\(r.id)~\(copy + 1)", text: text.replacingCharacters(in: range, with: other), intent: r.intent,
                                         department: r.department))
            }
        }
        return out
    }
}
