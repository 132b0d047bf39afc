import KGCore
import KGEmbedding

/// Speech-recognition errors for training: characters replaced by others of the same sound (燃气 →
/// 然气), drawn from the characters the training texts use, so a model learns that a homophone
/// keeps the meaning.
public struct HomophoneNoise: Sendable {
    let table: PinyinTable
    /// Syllable id → characters of the alphabet with that reading.
    let bySyllable: [UInt16: [Unicode.Scalar]]

    /// - Parameter alphabet: the characters a replacement may be (those of the training texts).
    public init(table: PinyinTable, alphabet: Set<Unicode.Scalar>) {
        var by: [UInt16: [Unicode.Scalar]] = [:]
        for c in alphabet.sorted(by: { $0.value < $1.value }) {
            for r in table.readings(of: c) { by[r, default: []].append(c) }
        }
        self.table = table
        bySyllable = by
    }

    /// `text` with each character that has a reading replaced, with probability `rate`, by another
    /// character sharing one of its readings.
    public func apply(_ text: String, rate: Double, rng: inout SplitMix64) -> String {
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            let readings = table.readings(of: c)
            guard !readings.isEmpty, Double(rng.next() >> 11) * 0x1.0p-53 < rate else { out.append(c); continue }
            let reading = readings[Int(rng.next() % UInt64(readings.count))]
            let others = (bySyllable[reading] ?? []).filter { $0 != c }
            out.append(others.isEmpty ? c : others[Int(rng.next() % UInt64(others.count))])
        }
        return String(out)
    }
}
