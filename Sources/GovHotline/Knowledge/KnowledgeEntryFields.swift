import KGCore

/// The members of a knowledge-entry request body, refusing any other (a misspelt `"answr"` would
/// otherwise be dropped silently and the edit lost).
enum KnowledgeEntryFields {
    /// - Throws: `DecodingError` (the route turns it into a 400 under its code) naming the first unknown member.
    static func check(_ decoder: any Decoder, allowed: [String]) throws {
        let keys = try decoder.container(keyedBy: StringCodingKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.first(where: { !allowed.contains($0) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "has an unknown member \"\(unknown.prefix(40))\"; an entry takes \(allowed.joined(separator: ", "))"))
        }
    }
}
