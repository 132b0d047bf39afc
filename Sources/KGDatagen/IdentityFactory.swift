import KGOntology
import Foundation

/// Synthetic identities that pass the national checksums: unified social credit codes
/// (GB 32100-2015, with the organisation code's own GB 11714 check digit) and resident identity
/// numbers (GB 11643-1999) whose region and birth-date fields agree with the person.
enum IdentityFactory {
    static let codeChars = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// A credit code: authority 9 (market regulation), type 1 company / 2 individual business /
    /// 3 farmers' cooperative, the county adcode, an organisation code and the check character.
    static func creditCode(type: Character, adcode: String, rng: inout SeededRandom) -> String {
        let orgChars = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var org = (0..<8).map { _ in orgChars[rng.int(0...orgChars.count - 1)] }
        if rng.chance(0.6) { org = Array("MA") + org.dropFirst(2) }
        // GB 11714 check digit over the 8 body characters.
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        let value: (Character) -> Int = { c in
            if let d = c.wholeNumberValue { return d }
            return Int(c.asciiValue! - Character("A").asciiValue!) + 10
        }
        let sum = zip(org, weights).reduce(0) { $0 + value($1.0) * $1.1 }
        let c = 11 - sum % 11
        let check: Character = c == 10 ? "X" : (c == 11 ? "0" : Character(String(c)))
        let first17 = "9" + String(type) + adcode + String(org) + String(check)
        return first17 + String(IdentifierValidator.usccCheckCharacter(first17) ?? "0")
    }

    /// A resident identity number for a person born on `birth` (yyyyMMdd) in `adcode`; `male`
    /// decides the parity of the sequence number.
    static func residentID(adcode: String, birth: String, male: Bool, sequence: Int) -> String {
        var seq = sequence % 500 * 2
        if male { seq += 1 }
        let first17 = adcode + birth + String(format: "%03d", seq % 1000)
        return first17 + String(IdentifierValidator.residentIDCheckCharacter(first17) ?? "0")
    }
}
