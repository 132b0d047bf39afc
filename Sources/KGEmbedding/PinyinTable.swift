import KGCore
import Foundation

/// The toneless pinyin readings of Chinese characters (`Datasets/reference/pinyin.csv`, written by
/// `Tools/fixtures/make_pinyin_table.py` from the `pypinyin` data), most common reading first, with
/// the sounds southern speakers and speech recognition confuse merged (`fuzzy`): zh/z, ch/c, sh/s,
/// n/l, and the final -ng after a, e and i (ang/an, eng/en, ing/in).
///
/// Syllables are numbered in the order they are first met; a table is saved inside the models that
/// use it, so a model's features do not move when the file changes.
public struct PinyinTable: Sendable, Equatable {
    /// The syllables, by id.
    public let syllables: [String]
    /// Character (scalar value) → syllable ids (at most `maxReadings`).
    public let readings: [UInt32: [UInt16]]
    /// Readings kept per character.
    public static let maxReadings = 3

    /// A table from characters and their readings (most common first).
    public init(entries: [(Unicode.Scalar, [String])], fuzzy: Bool = true) {
        var ids: [String: UInt16] = [:], syllables: [String] = [], readings: [UInt32: [UInt16]] = [:]
        for (char, list) in entries {
            var out: [UInt16] = []
            for raw in list {
                let s = fuzzy ? Self.fuzzy(raw) : raw
                let id: UInt16
                if let known = ids[s] { id = known } else {
                    id = UInt16(syllables.count); ids[s] = id; syllables.append(s)
                }
                if !out.contains(id) { out.append(id) }
                if out.count == Self.maxReadings { break }
            }
            if !out.isEmpty { readings[char.value] = out }
        }
        self.syllables = syllables
        self.readings = readings
    }

    /// A table as saved inside a model.
    public init(syllables: [String], readings: [UInt32: [UInt16]]) {
        self.syllables = syllables
        self.readings = readings
    }

    /// The syllable ids of a character (empty when it has none).
    public func readings(of char: Unicode.Scalar) -> [UInt16] { readings[char.value] ?? [] }

    /// Characters with a reading.
    public var count: Int { readings.count }

    /// A syllable with the confusable sounds merged.
    public static func fuzzy(_ syllable: String) -> String {
        var s = syllable.lowercased()
        for (from, to) in [("zh", "z"), ("ch", "c"), ("sh", "s")] where s.hasPrefix(from) {
            s = to + s.dropFirst(from.count)
        }
        if s.hasPrefix("l") { s = "n" + s.dropFirst() }
        for (from, to) in [("ang", "an"), ("eng", "en"), ("ing", "in")] where s.hasSuffix(from) {
            s = s.dropLast(from.count) + to
        }
        return s
    }

    /// Reads `char,readings` lines (readings separated by spaces).
    public static func load(file: String, fuzzy: Bool = true) throws -> PinyinTable {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw EmbeddingError(code: .resourcesMissing, message: "cannot read the pinyin table \(file): \(error.localizedDescription)")
        }
        var entries: [(Unicode.Scalar, [String])] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where i > 0 {
            let parts = line.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0].unicodeScalars.count == 1, let char = parts[0].unicodeScalars.first else {
                throw EmbeddingError(code: .resourcesMissing, message: "\(file) line \(i + 1): expected `character,readings`")
            }
            let readings = parts[1].split(separator: " ").map(String.init)
            guard !readings.isEmpty, readings.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLetter } }) else {
                throw EmbeddingError(code: .resourcesMissing, message: "\(file) line \(i + 1): readings must be toneless pinyin separated by spaces")
            }
            entries.append((char, readings))
        }
        guard !entries.isEmpty else { throw EmbeddingError(code: .resourcesMissing, message: "\(file) has no characters") }
        return PinyinTable(entries: entries, fuzzy: fuzzy)
    }
}
