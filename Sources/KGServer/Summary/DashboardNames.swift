import Foundation
import KGCore
import KGEngine

/// The names the dashboard shows for the codes the API returns: hotline intents (`Intent`
/// nodes: `code`, Chinese `name`, English `nameEn`) and department types (`DepartmentType`
/// nodes, the same properties), read from the graph and cached per graph version.
///
/// Why an endpoint and not a file: the taxonomy lives in the graph (loaded from
/// `Datasets/reference/intents.csv` and `departments.csv`), so the page shows what the
/// router and the work orders actually use. An office code is `{department}-{adcode}`; the
/// page names it from its department here and its region in `/v1/dashboard/summary`.
/// Names only, no record, so the `dashboard` role may read it.
public final class DashboardNames: @unchecked Sendable {
    let graph: KnowledgeGraph
    private let cache = VersionedCache<JSON>()

    public init(graph: KnowledgeGraph) { self.graph = graph }

    /// `{"intents": [{"code", "name", "nameEn"}], "departments": [{"code", "name", "nameEn"}]}`,
    /// each sorted by code; `nameEn` is null where the graph has none.
    public func document() throws -> JSON {
        try cache.value(version: graph.graphVersion, maxStaleness: DashboardSummary.maxStaleness, compute)
    }

    private func names(_ label: String) throws -> JSON {
        var out: [JSON] = []
        try graph.query("MATCH (n:\(label)) RETURN n.code, n.name, n.nameEn ORDER BY n.code",
                        options: .init(timeoutSeconds: 60, readOnly: true)) { row, _ in
            guard case .string(let code) = row[0] else { return }
            out.append(.object([("code", .string(code)), ("name", .string(row[1].stringValue ?? code)),
                                ("nameEn", row[2].stringValue.map(JSON.string) ?? .null)]))
        }
        return .array(out)
    }

    private func compute() throws -> JSON {
        .object([("intents", try names("Intent")), ("departments", try names("DepartmentType"))])
    }
}
