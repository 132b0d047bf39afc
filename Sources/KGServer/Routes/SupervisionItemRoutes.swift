import Hummingbird
import KGCore
import KGEngine
import GovSupervision

/// The supervision-item catalogue (监管事项目录) and joint draws over HTTP, the same answers as
/// `govbrain supervision items|claims` and `govbrain risk sample --joint`:
/// - `GET /v1/supervision/items?domain=&departmentType=&list=double_random|joint&format=json|csv`: the items.
/// - `GET /v1/supervision/claims?period=&region=&level=office|department|region&format=json|csv`: the
///   claim rate (认领率) per unit against the plan's ≥ 95 % (PT121).
/// - `POST /v1/supervision/draws` with `{"domains", "region", "count", "seed", "by"}`: a joint
///   double-random draw, recorded in the graph (refused attempts too) and in the audit log.
/// - `GET /v1/supervision/draws?region=&status=drawn|refused&limit=`: the recorded joint draws, newest first.
/// CSV (on `format=csv` or `Accept: text/csv`) is spreadsheet-safe (`CSVWriter.spreadsheetLine`).
struct SupervisionItemRoutes {
    let supervision: SupervisionService
    let limits: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        let service = supervision
        let maxBytes = limits.maxRequestBytes
        let invalid = ErrorCode.invalidSupervisionRequest
        routes.get("/v1/supervision/items", access: .efficacy) { request, context -> Response in
            let query = try Wire.query(SupervisionItemsRequest.self, request, allowed: ["domain", "departmentType", "list", "format"], code: invalid)
            let csv = try Self.wantsCSV(query.format, request)
            let items = try await BlockingPool.run { try service.items(query) }
            if csv { return JSONResponse.csv(SupervisionItemCatalog.csv(items), rows: items.count, context: context) }
            return JSONResponse.make(.object([("items", try Wire.json(items)), ("count", .int(Int64(items.count)))]), context: context)
        }
        routes.get("/v1/supervision/claims", access: .efficacy) { request, context -> Response in
            let query = try Wire.query(SupervisionClaimsRequest.self, request, allowed: ["period", "region", "level", "format"], code: invalid)
            let csv = try Self.wantsCSV(query.format, request)
            let report = try await BlockingPool.run { try service.claims(query) }
            if csv { return JSONResponse.csv(SupervisionClaimRates.csv(report.rows), rows: report.rows.count, context: context) }
            return JSONResponse.make(try Wire.json(report), context: context)
        }
        routes.get("/v1/supervision/draws", access: .supervision) { request, context -> Response in
            let query = try Wire.query(JointDrawListRequest.self, request, allowed: ["region", "status", "limit"], code: invalid)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.jointDraws(query) }), context: context)
        }
        routes.post("/v1/supervision/draws", access: .supervision, expensive: true) { request, context -> Response in
            let (body, _) = try await Wire.body(JointDrawRequest.self, request, limit: maxBytes,
                                                example: "{\"domains\": [\"market\", \"ecology\"], \"region\": \"450100\", \"count\": 5, \"seed\": 7}", code: invalid)
            let actor = SupervisionRoutes.actor(context)
            return JSONResponse.make(try Wire.json(try await BlockingPool.run { try service.jointDraw(body, actor: actor) }), context: context)
        }
    }

    /// Whether the answer is CSV: `format=csv`, or `Accept: text/csv` without a format.
    /// - Throws: `invalidSupervisionRequest` for a format other than json or csv.
    static func wantsCSV(_ format: String?, _ request: Request) throws -> Bool {
        switch format {
        case nil: return request.headers[.accept]?.contains("text/csv") == true
        case "json": return false
        case "csv": return true
        case let other?: throw EngineError(code: .invalidSupervisionRequest, message: "format \"\(other.prefix(20))\" is not json or csv")
        }
    }
}
