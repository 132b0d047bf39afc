import Foundation
import Testing

/// The official Neo4j Python driver against the built binary's Bolt listener, through
/// `Tools/bolt/driver_check.sh` (which makes its virtual environment once under
/// `.build/bolt-venv`). Needs `python3` and, the first time, PyPI; `BOLT_DRIVER_CHECK=0` skips it.
@Suite struct BoltDriverTests {
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["BOLT_DRIVER_CHECK"] != "0"
            && ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: enabled)) func pythonDriverConformance() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [GovBrainBinary.packageRoot.appendingPathComponent("Tools/bolt/driver_check.sh").path, GovBrainBinary.path]
        var env = ProcessInfo.processInfo.environment
        env["BOLT_CHECK_ROWS"] = env["BOLT_CHECK_ROWS"] ?? "100000"
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
