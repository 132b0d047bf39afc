import Foundation
import Testing

/// The official Neo4j Python driver against the built binary's Bolt listener, through
/// `Tools/bolt/driver_check.sh` (which makes its virtual environment once under
/// `.build/bolt-venv`). Needs `python3` and, the first time, PyPI; `BOLT_DRIVER_CHECK=0` skips it.
/// On both backends (`CLIBackend.all`): on PostgreSQL, each server the check starts gets a fresh
/// schema of the test server (`BOLT_CHECK_DB_<NAME>`), dropped at the end.
@Suite struct BoltDriverTests {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["BOLT_DRIVER_CHECK"] != "0"
            && ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The servers `driver_check.py` starts, each on a store of its own.
    static let servers = ["main", "demo", "limits", "tls"]

    @Test(.enabled(if: enabled), arguments: CLIBackend.all) func pythonDriverConformance(_ backend: CLIBackend) throws {
        let site = CLIStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site drops its schemas when released
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [GovBrainBinary.packageRoot.appendingPathComponent("Tools/bolt/driver_check.sh").path, GovBrainBinary.path]
        var env = ProcessInfo.processInfo.environment
        env["BOLT_CHECK_ROWS"] = env["BOLT_CHECK_ROWS"] ?? "100000"
        if backend == .postgres {
            for name in Self.servers { env["BOLT_CHECK_DB_\(name.uppercased())"] = try site.db(name) }
        }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("all Bolt driver checks passed"), "\(text)")
    }
}
