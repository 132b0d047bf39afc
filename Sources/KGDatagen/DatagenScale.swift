/// How much `govbrain datagen` generates.
public enum DatagenScale: String, CaseIterable, Sendable {
    /// ~1k enterprises: for tests, in seconds.
    case tiny
    /// ~20k enterprises: the embedded demo database.
    case demo
    /// ≥1M enterprises and ≥10M relationships: benchmarks, generated on demand.
    case large

    public var enterprises: Int {
        switch self {
        case .tiny: return 1_000
        case .demo: return 20_000
        case .large: return 1_000_000
        }
    }

    /// Hotline work orders (1.5 per enterprise).
    public var workOrders: Int { enterprises * 3 / 2 }
}
