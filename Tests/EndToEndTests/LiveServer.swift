import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KGCore

/// A `govbrain serve` process on a copy of the tiny demo database, with one key per role, for
/// tests that attack the service as a client would.
final class LiveServer: @unchecked Sendable {
    let process: Process
    let port: Int
    let directory: URL
    /// Keys by role name (admin, analyst, supervisor, hotline, dashboard).
    let keys: [String: String]
    /// What the server printed before it started listening.
    let banner: String

    /// The tiny demo database, built once per test run (`govbrain demo build --scale tiny`).
    static let tinyDatabase: Result<URL, Error> = Result {
        let dir = try GovBrainBinary.tempDir()
        let r = try GovBrainBinary.run(["demo", "build", "--scale", "tiny", "--no-vectors", "--db", "tiny.sqlite"], in: dir)
        guard r.status == 0 else { throw GovBrainErrorText(text: "demo build failed: \(r.stderr)") }
        return dir.appendingPathComponent("tiny.sqlite")
    }

    struct GovBrainErrorText: Error { let text: String }

    /// Starts a server on a fresh copy of the tiny database with `settings` (`--set key=value`).
    init(settings: [String: String] = [:], createKeys: Bool = true) throws {
        directory = try GovBrainBinary.tempDir()
        let source = try Self.tinyDatabase.get()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source.path + suffix) {
            try FileManager.default.copyItem(atPath: source.path + suffix, toPath: directory.appendingPathComponent("g.sqlite" + suffix).path)
        }
        var keys: [String: String] = [:]
        if createKeys {
            for role in ["admin", "analyst", "supervisor", "hotline", "dashboard"] {
                let r = try GovBrainBinary.run(["keys", "create", "--db", "g.sqlite", "--role", role, "--name", "sec-\(role)"], in: directory)
                keys[role] = r.stdout.split(separator: "\n").last.map(String.init)
            }
        }
        self.keys = keys
        process = Process()
        process.executableURL = URL(fileURLWithPath: GovBrainBinary.path)
        var arguments = ["serve", "--db", "g.sqlite", "--port", "0", "--set", "logLevel=error"]
        for (k, v) in settings.sorted(by: { $0.key < $1.key }) { arguments += ["--set", "\(k)=\(v)"] }
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GOVBRAIN_HOME"] = GovBrainBinary.packageRoot.path
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var printed = ""
        while !printed.contains("at http://"), process.isRunning {
            printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        banner = printed
        guard let port = printed.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else {
            process.terminate()
            throw GovBrainErrorText(text: "the server did not start: \(printed)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server (SIGTERM, then waits for it to flush and exit); the folder stays.
    func terminate() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Stops the server and removes its folder.
    func stop() {
        terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Waits until `/readyz` says the models are loaded (warm-up runs in the background).
    func waitUntilReady() async throws {
        for _ in 0..<1200 {
            if try await send("/readyz", as: nil).status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw GovBrainErrorText(text: "the server did not become ready")
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = 300
        return URLSession(configuration: configuration)
    }()

    /// Sends a request with the key of `role` (nil: none); returns the status, the parsed body
    /// (or the text when it is not JSON) and the seconds it took.
    func send(_ path: String, method: String = "GET", body: Data? = nil, as role: String? = "admin",
              key: String? = nil) async throws -> (status: Int, json: JSON, seconds: Double) {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let key = key ?? role.flatMap({ keys[$0] }) { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let started = Date()
        let (data, response) = try await Self.session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let json = (try? JSONParser.parse(bytes: Array(data))) ?? .string(String(decoding: data, as: UTF8.self))
        return (status, json, Date().timeIntervalSince(started))
    }

    /// `POST /v1/query` with `query` (and extra members of the body, as JSON text).
    func query(_ query: String, as role: String = "admin", extra: String = "") async throws -> (status: Int, json: JSON, seconds: Double) {
        let body = "{\"query\": " + JSONWriter.string(.string(query)) + extra + "}"
        return try await send("/v1/query", method: "POST", body: Data(body.utf8), as: role)
    }

    /// The server's resident memory in MiB (from /proc).
    var residentMiB: Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// Runs `govbrain args…` in the server's folder.
    func cli(_ args: [String]) throws -> GovBrainBinary.Result { try GovBrainBinary.run(args, in: directory) }
}
