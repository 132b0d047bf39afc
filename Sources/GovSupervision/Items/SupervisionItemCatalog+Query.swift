import KGCore
import KGEngine

extension SupervisionItemCatalog {
    /// The item lists of the catalogue a query can name.
    public enum ItemList: String, CaseIterable, Sendable {
        /// 双随机、一公开监管事项库.
        case doubleRandom = "double_random"
        /// 联合监管事项库.
        case joint
    }

    /// The items a query asks for (`GET /v1/supervision/items`, `govbrain supervision items`):
    /// of a domain, of a department type, on one of the lists; every filter optional.
    /// - Throws: `invalidSupervisionRequest` for a domain or department type without items or an
    ///   unknown list, naming those there are.
    public func items(_ request: SupervisionItemsRequest) throws -> [Item] {
        func given(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        let domains = Set(items.map(\.domain))
        if let domain = given(request.domain), !domains.contains(domain) {
            throw EngineError(code: .invalidSupervisionRequest,
                              message: "unknown domain '\(domain.prefix(32))'; use one of \(domains.sorted().joined(separator: ", "))")
        }
        var list: ItemList?
        if let text = given(request.list) {
            guard let l = ItemList(rawValue: text) else {
                throw EngineError(code: .invalidSupervisionRequest,
                                  message: "unknown list '\(text.prefix(32))'; use \(ItemList.allCases.map(\.rawValue).joined(separator: " or ")) (or leave it out for every item)")
            }
            list = l
        }
        return try items(department: given(request.departmentType).map { String($0.prefix(32)) }, jointOnly: list == .joint, doubleRandomOnly: list == .doubleRandom)
            .filter { i in given(request.domain).map { i.domain == $0 } ?? true }
    }

    /// Items as CSV (header first), spreadsheet-safe (`CSVWriter.spreadsheetLine`).
    public static func csv(_ items: [Item]) -> String {
        var out = "code,name,domain,departmentType,checkMethod,doubleRandom,jointSupervision,claimedBy\n"
        for i in items {
            out += CSVWriter.spreadsheetLine([i.code, i.name, i.domain, i.departmentType, i.checkMethod, String(i.doubleRandom),
                                              String(i.jointSupervision), String(i.claimedBy)]) + "\n"
        }
        return out
    }
}
