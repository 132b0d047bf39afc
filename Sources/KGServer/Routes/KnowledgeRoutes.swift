import Hummingbird
import KGCore
import GovHotline
import KGAccess
import KGEngine

/// The editable, versioned hotline knowledge base (issue 24):
/// - `GET /v1/hotline/knowledge/entries?intent=&office=&status=&limit=&offset=` → a page of entries (latest version each).
/// - `GET /v1/hotline/knowledge/entries/{id}` → one entry with every version (generated ones as version 0, author system).
/// - `POST /v1/hotline/knowledge/entries` `{"intent", "question", "answer", "office"?, "regions"?, "sources"?, "status"?}` → 201, version 1.
/// - `PUT /v1/hotline/knowledge/entries/{id}` with the same members and `"version"?` → a new version; a stale `version` → 409;
///   editing a generated `KB-…` entry stores an override under its id.
///
/// Hotline, supervisor and admin keys write drafts; only supervisor and admin keys publish
/// (a hotline key asking for `published` → 403). Analysts read too. Search stays at
/// `POST /v1/hotline/knowledge/search` and finds published versions only.
struct KnowledgeRoutes {
    let knowledge: KnowledgeEntryService
    let limits: ServerConfiguration

    static let read = RouteAccess.roles([.admin, .hotline, .supervisor, .analyst])
    static let write = RouteAccess.roles([.admin, .hotline, .supervisor])

    func register(on routes: RouteRegistrar) {
        let knowledge = self.knowledge, maxBytes = limits.maxRequestBytes, invalid = ErrorCode.invalidKnowledgeRequest
        routes.get("/v1/hotline/knowledge/entries", access: Self.read) { request, context -> Response in
            let query = try Wire.query(KnowledgeEntryListRequest.self, request, allowed: ["intent", "office", "status", "limit", "offset"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try knowledge.list(query) }), context: context)
        }
        routes.get("/v1/hotline/knowledge/entries/:id", access: Self.read) { _, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try knowledge.find(id) }), context: context)
        }
        routes.post("/v1/hotline/knowledge/entries", access: Self.write) { request, context -> Response in
            let (body, _) = try await Wire.body(KnowledgeEntryCreateRequest.self, request, limit: maxBytes,
                                                example: "{\"intent\": \"water_outage\", \"question\": \"…\", \"answer\": \"…\"}", code: invalid)
            let author = SupervisionRoutes.actor(context), mayPublish = Self.mayPublish(context)
            let entry = try await BlockingPool.run { try knowledge.create(body, author: author, mayPublish: mayPublish) }
            return JSONResponse.make(try Wire.json(entry), context: context, status: .created)
        }
        routes.put("/v1/hotline/knowledge/entries/:id", access: Self.write) { request, context -> Response in
            guard let id = context.parameters.get("id") else { throw HTTPError(.notFound) }
            let (body, _) = try await Wire.body(KnowledgeEntryUpdateRequest.self, request, limit: maxBytes,
                                                example: "{\"answer\": \"…\", \"version\": 1}", code: invalid)
            let author = SupervisionRoutes.actor(context), mayPublish = Self.mayPublish(context)
            let entry = try await BlockingPool.run { try knowledge.update(id: id, body, author: author, mayPublish: mayPublish) }
            return JSONResponse.make(try Wire.json(entry), context: context)
        }
    }

    /// Supervisors and admins review: only they publish.
    static func mayPublish(_ context: GovBrainRequestContext) -> Bool {
        let role = context.principal?.role
        return role == .supervisor || role == .admin
    }
}
