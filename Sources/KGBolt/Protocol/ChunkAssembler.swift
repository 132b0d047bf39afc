/// Reassembles Bolt messages from the chunk stream: each chunk is a two-byte big-endian size and
/// that many bytes; a zero size ends the message (a lone zero size between messages is a no-op
/// keep-alive). Bytes arrive in pieces of any size; complete messages come out.
public struct ChunkAssembler: Sendable {
    /// The largest message accepted, in bytes (its chunks together).
    public let maxMessageBytes: Int
    private var pending: [UInt8] = []
    private var message: [UInt8] = []

    /// A message grew past `maxMessageBytes`.
    public struct TooLarge: Error, Sendable, Equatable {
        public let limit: Int
    }

    public init(maxMessageBytes: Int) { self.maxMessageBytes = maxMessageBytes }

    /// Whether a message has begun but not ended (a connection closing now cut it).
    public var isInsideMessage: Bool { !message.isEmpty || !pending.isEmpty }

    /// Takes more bytes; returns the messages they complete, in order.
    /// - Throws: `TooLarge` when a message grows past the limit (the connection should close).
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) throws -> [[UInt8]] where Bytes.Element == UInt8 {
        pending.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        var position = 0
        while pending.count - position >= 2 {
            let size = Int(pending[position]) << 8 | Int(pending[position + 1])
            if size == 0 {
                position += 2
                if !message.isEmpty { messages.append(message); message = [] }
                continue
            }
            guard pending.count - position - 2 >= size else { break }
            guard message.count + size <= maxMessageBytes else { throw TooLarge(limit: maxMessageBytes) }
            message.append(contentsOf: pending[(position + 2)..<(position + 2 + size)])
            position += 2 + size
        }
        pending.removeFirst(position)
        if message.count + max(0, pending.count - 2) > maxMessageBytes { throw TooLarge(limit: maxMessageBytes) }
        return messages
    }

    /// Frames one message as chunks of at most 65,535 bytes and the end marker.
    public static func frame(_ message: [UInt8], into out: inout [UInt8]) {
        var start = 0
        while start < message.count {
            let end = min(message.count, start + 0xFFFF)
            out.append(UInt8((end - start) >> 8)); out.append(UInt8((end - start) & 0xFF))
            out.append(contentsOf: message[start..<end])
            start = end
        }
        out.append(0); out.append(0)
    }
}
