import Foundation
import Testing
import KGCore

/// `trimmingWhitespace` and `trimmingWhitespaceAndNewlines` trim what Foundation's
/// `trimmingCharacters(in: .whitespaces / .whitespacesAndNewlines)` trims, scalar for scalar.
@Suite struct WhitespaceTrimmingTests {
    /// Every scalar of the Basic Multilingual Plane and every 97th above it, alone and between
    /// letters: the same set as Foundation's.
    @Test func theSetsAreFoundations() {
        var differences: [String] = []
        let above = stride(from: 0x10000, through: 0x10FFFF, by: 97).map { UInt32($0) }
        for v in Array(0...0xFFFF) + above {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let alone = String(scalar)
            for (newlines, set) in [(false, CharacterSet.whitespaces), (true, CharacterSet.whitespacesAndNewlines)] {
                let ours = WhitespaceTrimming.isWhitespace(scalar, newlines: newlines)
                if ours != set.contains(scalar) || ours != alone.trimmingCharacters(in: set).isEmpty {
                    differences.append(String(v, radix: 16) + (newlines ? " (with newlines)" : ""))
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(20))")
    }

    @Test func trimsBothEndsOnly() {
        let samples = ["", " ", "\t\n", "  key  ", "\u{3000}全角空格\u{3000}", "\u{A0}a b\u{2028}", "\r\n停水了\u{85}", "x", " \u{301}x ",
                       "gbk_abc_def\t", "\n\u{2029}\u{200A}a\u{200A}\n"]
        for s in samples {
            #expect(s.trimmingWhitespace == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(s.trimmingWhitespaceAndNewlines == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            let sub = s[...]
            #expect(sub.trimmingWhitespace == s.trimmingCharacters(in: .whitespaces))
        }
    }
}
