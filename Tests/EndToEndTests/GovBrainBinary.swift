import Foundation

/// Runs the built `govbrain` executable, as a user would.
struct GovBrainBinary {
    /// The package root, found from this file.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// The executable next to the test bundle (`swift build` builds it with the tests).
    static let path: String = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("govbrain").path,
            Bundle.main.bundleURL.appendingPathComponent("govbrain").path,
            packageRoot.appendingPathComponent(".build/debug/govbrain").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    struct Result { let status: Int32; let stdout: String; let stderr: String }

    /// Runs `govbrain args…` in `directory` and waits for it.
    @discardableResult
    static func run(_ args: [String], in directory: URL, stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {  // environment: added or, when "", removed
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GOVBRAIN_HOME"] = packageRoot.path
        for (name, value) in environment { env[name] = value.isEmpty ? nil : value }  // "" unsets
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        let input = Pipe()
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try p.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh temporary working folder.
    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
