import KGCore
import KGEngine

extension SupervisionService {
    /// `GET /v1/supervision/items`: the catalogue's items a query asks for.
    /// - Throws: `invalidSupervisionRequest` for an unknown domain, department type or list;
    ///   `notFound` for a graph without the catalogue.
    public func items(_ request: SupervisionItemsRequest) throws -> [SupervisionItemCatalog.Item] {
        try SupervisionItemCatalog(graph: graph).items(request)
    }

    /// `GET /v1/supervision/claims`: the claim rate (认领率) per office, department type or region.
    /// - Throws: see `SupervisionClaimsReport.make`; `notFound` for a graph without the catalogue.
    public func claims(_ request: SupervisionClaimsRequest) throws -> SupervisionClaimsReport {
        try SupervisionClaimsReport.make(try SupervisionItemCatalog(graph: graph), request: request)
    }

    /// `POST /v1/supervision/draws`: a joint double-random draw, recorded (refused attempts too)
    /// with who asked: the caller's key, and the display name beside it.
    /// - Throws: `invalidSupervisionRequest` for a negative seed, a bad display name and what
    ///   `JointInspectionSampler.draw` refuses (a count outside 1–1000 among it); `notFound` likewise.
    public func jointDraw(_ request: JointDrawRequest, actor: String = "api") throws -> JointInspectionSampler.Draw {
        let by = try Self.displayName(request.by).map { "\($0) [\(actor)]" } ?? actor
        guard request.seed >= 0 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"seed\" must be a non-negative integer") }
        return try JointInspectionSampler.draw(graph: graph, region: request.region, departments: request.domains, n: request.count, seed: UInt64(request.seed), by: by)
    }
}

extension SupervisionService {
    /// `GET /v1/supervision/draws`: the recorded joint draws, newest first (see `JointDrawLog`).
    /// - Throws: `invalidSupervisionRequest` for a bad region, status or limit.
    public func jointDraws(_ request: JointDrawListRequest) throws -> JointDrawLog.Page {
        try JointDrawLog.list(graph: graph, request: request)
    }
}
