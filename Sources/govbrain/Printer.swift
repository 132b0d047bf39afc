import KGCore

/// Prints the typed answers of the services as JSON documents (the same encoding the server uses).
enum Printer {
    static func json<T: Encodable>(_ value: T) throws {
        print(JSONWriter.string(try JSONValueEncoder().encode(value)))
    }
}
