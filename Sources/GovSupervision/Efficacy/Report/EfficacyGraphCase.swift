import KGCore

/// One case read from the graph for an efficacy report: the office that handled it, its domain,
/// its case mix (what was known when it started) and its outcomes (1 = good, nil = does not apply).
struct EfficacyGraphCase: Sendable {
    /// The office's `code`.
    let office: String
    let domain: EfficacyDomain
    /// The day it started (days since 1970-01-01, China time): a report keeps its period's cases.
    let day: Int
    /// `x_*` name → value (nil: unknown).
    let x: [String: Double?]
    /// `y_*` name → 0/1 (nil: the outcome does not apply).
    let y: [String: Int?]
}
