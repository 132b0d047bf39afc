/// A server message: SUCCESS with metadata, a RECORD, IGNORED, or FAILURE.
public enum BoltResponse: Sendable, Equatable {
    case success([String: PackValue])
    case record([PackValue])
    case ignored
    case failure(BoltFailure)

    /// The message as a PackStream structure.
    public var packValue: PackValue {
        switch self {
        case .success(let m): return .structure(tag: 0x70, fields: [.map(m)])
        case .record(let values): return .structure(tag: 0x71, fields: [.list(values)])
        case .ignored: return .structure(tag: 0x7E, fields: [])
        case .failure(let f): return .structure(tag: 0x7F, fields: [f.metadata])
        }
    }

    /// The message's chunks, ready for the wire.
    public var framed: [UInt8] {
        var out: [UInt8] = []
        ChunkAssembler.frame(PackStreamEncoder.encode(packValue), into: &out)
        return out
    }
}
