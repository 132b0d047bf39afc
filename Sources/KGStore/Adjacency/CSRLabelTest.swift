/// What testing a node for a list of labels against `CSRAdjacency`'s label bits comes to, worked
/// out once per list (a query tests the same labels on every row).
enum CSRLabelTest: Sendable {
    /// The node has them all when all these bits are set.
    case bits(UInt64)
    /// A label the store does not know: no node has it.
    case unknownLabel
    /// A label id past 63 has no bit: SQLite answers.
    case pastBits

    init(_ labels: [String], ids: [String: Int64]) {
        var mask: UInt64 = 0
        for label in labels {
            guard let id = ids[label] else { self = .unknownLabel; return }
            guard id >= 0 && id < 64 else { self = .pastBits; return }
            mask |= UInt64(1) << UInt64(id)
        }
        self = .bits(mask)
    }
}
