/// The query of `GET /v1/supervision/items?domain=&departmentType=&list=&format=` (text as the
/// client sent it; `SupervisionItemCatalog.items(_:)` checks it). The same filters as
/// `govbrain supervision items --domain --department --joint-only --double-random-only`.
public struct SupervisionItemsRequest: Codable, Sendable, Equatable {
    /// `market`, `ecology`, `emergency` or `housing`.
    public var domain: String?
    /// `market`, `ecoenv`, `emergency` or `housing`.
    public var departmentType: String?
    /// `double_random` (双随机、一公开监管事项库) or `joint` (联合监管事项库).
    public var list: String?
    /// `json` (default) or `csv`.
    public var format: String?

    public init(domain: String? = nil, departmentType: String? = nil, list: String? = nil, format: String? = nil) {
        self.domain = domain; self.departmentType = departmentType; self.list = list; self.format = format
    }
}
