/// Restricts a search to some ids (for example the nodes with a label). A small set is
/// searched exactly; a large one is applied while walking the graph index. A filter used for
/// many searches of one index can be compiled for it (`HNSWIndex.compiled(_:)`): a byte per
/// element instead of a hash lookup per visited element.
public struct VectorFilter: Sendable {
    public let allowed: Set<Int64>
    /// Allowed flag per internal element of the index it was compiled for (elements added
    /// later fall back to `allowed`).
    let mask: [UInt8]?

    public init(allowed: Set<Int64>) { self.allowed = allowed; mask = nil }

    init(allowed: Set<Int64>, mask: [UInt8]) { self.allowed = allowed; self.mask = mask }
}
