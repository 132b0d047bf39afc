import Foundation

/// Writes files so that a crash never leaves a half-written one: the bytes go to a temporary
/// file beside the target, which is then renamed over it.
public enum AtomicFile {
    /// - Throws: the underlying file error (the temporary file is removed).
    public static func write(_ data: Data, to path: String) throws {
        let tmp = path + ".tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: tmp))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: tmp, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }
}
