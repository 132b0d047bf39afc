import Foundation
import Hummingbird
import KGCore
import KGEngine
import NIOCore
import NIOPosix
import KGAccess

/// The decision-support dashboard:
/// - `GET /`: the page (static files in `Sources/KGServer/Dashboard`, no build step), open: it
///   asks for a `dashboard` or `supervisor` key and calls only the public API with it;
/// - `GET /dashboard/{file}`: its script and style sheet;
/// - `GET /vendor/chart.js`: Chart.js from Debian's libjs-chart.js (the page draws tables without it);
/// - `GET /v1/dashboard/summary`: the aggregate figures (`DashboardSummary`) for dashboard,
///   supervisor, analyst and admin keys;
/// - `GET /v1/dashboard/names`: the Chinese and English names of intents and department types
///   (`DashboardNames`), for the keys that read work orders (`WorkOrderRoutes.read`).
struct DashboardRoutes {
    let summary: DashboardSummary
    let names: DashboardNames
    /// The folder with index.html, app.js and style.css.
    let folder: String?
    static let chartJS = ["/usr/share/javascript/chart.js/chart.min.js", "/usr/share/javascript/chart.js/chart.umd.js"]
    /// The page's policy: its own scripts, styles and API only; no inline code, no framing, no plugins.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"]

    static func file(_ path: String, type: String) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError(code: .notFound, message: "the dashboard file \((path as NSString).lastPathComponent) is not installed")
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func register(on routes: RouteRegistrar) {
        let folder = self.folder
        routes.get("/", access: .open) { _, _ -> Response in
            guard let folder else { throw EngineError(code: .notFound, message: "the dashboard files are not installed (Sources/KGServer/Dashboard)") }
            return try Self.file(folder + "/index.html", type: Self.types["html"]!)
        }
        routes.get("/dashboard/:file", access: .open) { _, context -> Response in
            let name = context.parameters.get("file") ?? ""
            let ext = (name as NSString).pathExtension
            guard let folder, let type = Self.types[ext], !name.contains(".."),
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }) else {
                throw EngineError(code: .notFound, message: "no dashboard file \(name)")
            }
            return try Self.file(folder + "/" + name, type: type)
        }
        routes.get("/vendor/chart.js", access: .open) { _, _ -> Response in
            guard let path = Self.chartJS.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw EngineError(code: .notFound, message: "Chart.js is not installed; 'apt-get install libjs-chart.js' (the dashboard shows tables without it)")
            }
            return try Self.file(path, type: Self.types["js"]!)
        }
        let summary = self.summary
        routes.get("/v1/dashboard/summary", access: .roles([.admin, .analyst, .supervisor, .dashboard])) { _, context -> Response in
            JSONResponse.make(try await BlockingPool.run { try summary.document() }, context: context)
        }
        let names = self.names
        routes.get("/v1/dashboard/names", access: WorkOrderRoutes.read) { request, context -> Response in
            if let parameter = request.uri.queryParameters.first?.key {
                throw EngineError(code: .badValue, message: "unknown query parameter \"\(String(parameter).prefix(40))\"; this route takes none")
            }
            return JSONResponse.make(try await BlockingPool.run { try names.document() }, context: context)
        }
    }
}
