/// Restricts a search to some ids (for example the nodes with a label). A small set is
/// searched exactly; a large one is applied while walking the graph index.
public struct VectorFilter: Sendable {
    public let allowed: Set<Int64>
    public init(allowed: Set<Int64>) { self.allowed = allowed }
}
