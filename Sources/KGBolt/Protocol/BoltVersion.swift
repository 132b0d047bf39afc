/// A Bolt protocol version, and the handshake's version negotiation.
///
/// The client sends the magic `60 60 B0 17` and four proposals of four bytes each:
/// `[0, range, minor, major]`, meaning major.minor down to major.(minor − range). The server
/// answers with the version it picked, or four zero bytes and closes when none is supported.
public struct BoltVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt8
    public let minor: UInt8

    public init(_ major: UInt8, _ minor: UInt8) { self.major = major; self.minor = minor }

    /// The versions this server speaks, best first.
    public static let supported: [BoltVersion] = [.init(5, 4), .init(5, 3), .init(5, 2), .init(5, 1), .init(5, 0), .init(4, 4)]

    /// The handshake's magic preamble.
    public static let magic: [UInt8] = [0x60, 0x60, 0xB0, 0x17]

    /// Whether nodes and relationships carry element ids, and datetimes are sent in UTC (5.0+).
    public var usesElementIDs: Bool { major >= 5 }

    /// Whether authentication has messages of its own (LOGON/LOGOFF, 5.1+) rather than HELLO's fields.
    public var hasLogon: Bool { self >= BoltVersion(5, 1) }

    /// The version's four bytes in the handshake answer.
    public var handshakeBytes: [UInt8] { [0, 0, minor, major] }

    /// Picks the best supported version among the client's 16 bytes of proposals, in the
    /// client's order of preference; nil when none is supported (answer zero and close).
    public static func negotiate(_ proposals: [UInt8]) -> BoltVersion? {
        guard proposals.count == 16 else { return nil }
        for k in 0..<4 {
            let range = proposals[4 * k + 1], minor = proposals[4 * k + 2], major = proposals[4 * k + 3]
            // Manifest-style proposals (major 255) and zero padding are not version offers.
            guard major != 0, major != 0xFF else { continue }
            let lowest = minor >= range ? minor - range : 0
            if let match = supported.first(where: { $0.major == major && (lowest...minor).contains($0.minor) }) { return match }
        }
        return nil
    }

    public static func < (a: BoltVersion, b: BoltVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    public var description: String { "\(major).\(minor)" }
}
