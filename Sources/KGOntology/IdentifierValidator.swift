/// Validators for the national identifier standards GovBrain uses as keys.
///
/// - Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-symbol
///   alphabet (digits and capitals without I, O, Z, S, V); characters 3–8 are the registering
///   region's 6-digit code; the 18th is a check character, weighted modulo 31.
/// - Resident identity number (公民身份号码), GB 11643-1999: 17 digits (6-digit region code,
///   8-digit birth date, 3-digit sequence whose parity is the sex) and an ISO 7064 MOD 11-2 check
///   character (a digit or X).
public enum IdentifierValidator {
    static let usccAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let idChecks = Array("10X98765432")

    /// The check character for the first 17 characters of a credit code, or nil if one of them
    /// is outside the alphabet.
    public static func usccCheckCharacter(_ first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() {
            guard let v = usccAlphabet.firstIndex(of: c) else { return nil }
            sum += v * usccWeights[i]
        }
        return usccAlphabet[(31 - sum % 31) % 31]
    }

    /// Why a credit code is invalid, or nil if it is valid.
    public static func usccProblem(_ code: String) -> String? {
        let chars = Array(code)
        guard chars.count == 18 else { return "a unified social credit code has 18 characters, this one \(chars.count)" }
        if let bad = chars.first(where: { !usccAlphabet.contains($0) }) {
            return "character '\(bad)' is not allowed in a unified social credit code (digits and capitals except I, O, Z, S, V)"
        }
        guard chars[2..<8].allSatisfy(\.isASCIIDigit) else { return "characters 3–8 must be the 6-digit region code" }
        let expected = usccCheckCharacter(String(chars[0..<17]))
        guard expected == chars[17] else { return "check character is '\(chars[17])' but GB 32100-2015 gives '\(expected.map(String.init) ?? "?")'" }
        return nil
    }

    /// Whether a credit code is valid under GB 32100-2015.
    public static func isValidUSCC(_ code: String) -> Bool { usccProblem(code) == nil }

    /// The check character for the first 17 digits of an identity number.
    public static func residentIDCheckCharacter(_ first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17, chars.allSatisfy(\.isASCIIDigit) else { return nil }
        var sum = 0
        for (i, c) in chars.enumerated() { sum += Int(String(c))! * idWeights[i] }
        return idChecks[sum % 11]
    }

    /// Why an identity number is invalid, or nil if it is valid. The message never repeats the number.
    public static func residentIDProblem(_ id: String) -> String? {
        let chars = Array(id.uppercased())
        guard chars.count == 18 else { return "a resident identity number has 18 characters, this one \(chars.count)" }
        guard chars[0..<17].allSatisfy(\.isASCIIDigit) else { return "the first 17 characters of a resident identity number are digits" }
        let y = Int(String(chars[6..<10]))!, m = Int(String(chars[10..<12]))!, d = Int(String(chars[12..<14]))!
        guard y >= 1900, m >= 1, m <= 12, d >= 1, d <= daysIn(year: y, month: m) else {
            return "characters 7–14 of a resident identity number must be a real birth date"
        }
        guard residentIDCheckCharacter(String(chars[0..<17])) == chars[17] else {
            return "the check character does not match (GB 11643-1999)"
        }
        return nil
    }

    /// Whether an identity number is valid under GB 11643-1999.
    public static func isValidResidentID(_ id: String) -> Bool { residentIDProblem(id) == nil }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
