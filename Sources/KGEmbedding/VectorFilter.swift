/// Restricts a search to some ids (for example the nodes with a label). A small set is
/// searched exactly; a large one is applied while walking the graph index. A filter used for
/// many searches of one index can be compiled for it (`HNSWIndex.compiled(_:)`): a byte per
/// element instead of a hash lookup per visited element, and the allowed elements' positions
/// in order, which an exact scan reads straight through.
public struct VectorFilter: Sendable {
    public let allowed: Set<Int64>
    /// Allowed flag per internal element of the index it was compiled for (elements added
    /// later fall back to `allowed`).
    let mask: [UInt8]?
    /// The positions of the allowed elements when compiled, ascending (elements deleted since
    /// are skipped by the scan; elements added since lie at `mask.count` and beyond).
    let positions: [Int32]?

    public init(allowed: Set<Int64>) { self.allowed = allowed; mask = nil; positions = nil }

    init(allowed: Set<Int64>, mask: [UInt8], positions: [Int32]) {
        self.allowed = allowed; self.mask = mask; self.positions = positions
    }
}
