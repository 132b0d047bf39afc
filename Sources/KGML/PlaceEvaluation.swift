/// How well the place resolver finds the region a labelled work order names.
public struct PlaceEvaluation: Sendable {
    /// Work orders whose text names a place.
    public let named: Int
    /// Share of those resolved to exactly the labelled adcode.
    public let exact: Double
    /// Work orders with no labelled place.
    public let unnamed: Int
    /// Share of those where the resolver still found a place (often a place the label missed,
    /// such as a hospital named after its county).
    public let foundWhereNoneLabelled: Double

    public init(resolver: PlaceResolver, records: [HotlineRecord]) {
        var named = 0, exact = 0, unnamed = 0, found = 0
        for r in records {
            let got = resolver.resolve(text: r.text)?.adcode
            if let truth = r.regionAdcode {
                named += 1
                if got == truth { exact += 1 }
            } else {
                unnamed += 1
                if got != nil { found += 1 }
            }
        }
        self.named = named; self.unnamed = unnamed
        self.exact = named > 0 ? Double(exact) / Double(named) : 0
        foundWhereNoneLabelled = unnamed > 0 ? Double(found) / Double(unnamed) : 0
    }
}
