import Hummingbird
import KGCore
import NIOCore

/// `GET /openapi.yaml` and `GET /openapi.json`: the OpenAPI 3.1 document of every route. Open.
struct OpenAPIRoutes {
    let table: RouteTable

    func register(on routes: RouteRegistrar) {
        let table = self.table
        routes.get("/openapi.yaml", access: .open) { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            let text = YAMLWriter.string(OpenAPIDocument.build(routes: table.entries))
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        routes.get("/openapi.json", access: .open) { _, context -> Response in
            JSONResponse.make(OpenAPIDocument.build(routes: table.entries), context: context)
        }
    }
}
