// The load tests' baseline: a bare Hummingbird 2 server with one route returning a constant,
// built with the same compiler and flags as govbrain. `Tools/bench/load_test.sh` runs it beside the
// real server so the ratio shows what GovBrain's own work (access layer, audit, engine) costs.
// Usage: hummingbird-baseline [PORT]
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 18200
let router = Router()
router.get("/constant") { _, _ in "{\"status\":\"ok\"}" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
