/// A page of quality-inspection flags, strongest first.
public struct QualityPage: Encodable, Sendable {
    public struct Counts: Encodable, Sendable, Equatable {
        public var misroute: Int
        public var unresolved: Int
    }

    public var asOf: String
    public var since: String?
    /// Orders inspected (received since `since`).
    public var inspected: Int
    /// Flags of each kind among them (before `kind`, `limit` and `offset`).
    public var counts: Counts
    /// Flags matching `kind`.
    public var total: Int
    public var limit: Int
    public var offset: Int
    public var flags: [QualityFlag]
}
