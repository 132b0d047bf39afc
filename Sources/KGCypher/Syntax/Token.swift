import KGCore

/// One lexical token of a Cypher query, with its UTF-8 byte offset in the query text.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// An identifier or keyword (keywords are matched case-insensitively by the parser).
        case identifier(String)
        /// A back-quoted identifier: never a keyword.
        case quotedIdentifier(String)
        /// An integer literal's magnitude; `overflow` when it exceeds 2^63.
        case integer(UInt64, overflow: Bool)
        case float(Double)
        case string(String)
        case parameter(String)
        /// Punctuation and operators: `(`, `)`, `<=`, `..`, `+=`, `=~`, …
        case symbol(String)
        /// Malformed text (e.g. a bad number literal): an error if the parser expects an
        /// expression here, an unexpected token otherwise.
        case invalid(code: ErrorCode, message: String)
        case end
    }
    let kind: Kind
    /// Byte offset of the first character.
    let offset: Int
    /// Byte offset just past the last character.
    let endOffset: Int

    /// The identifier text if the token is a plain or quoted identifier.
    var name: String? {
        switch kind {
        case .identifier(let s), .quotedIdentifier(let s): return s
        default: return nil
        }
    }

    /// Whether the token is the keyword `word` (case-insensitive, plain identifiers only).
    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let s) = kind { return s.count == word.count && s.uppercased() == word }
        return false
    }

    func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = kind { return t == s }
        return false
    }
}
