import Foundation

/// Writes files so that a crash never leaves a half-written one: the bytes go to a temporary
/// file beside the target, which is then renamed over it (`rename(2)`, which replaces a file and
/// never a folder).
public enum AtomicFile {
    /// The error for a target path that names a folder.
    public struct FolderInTheWay: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path) is a folder; give a file path (nothing was written and the folder is untouched)" }
    }

    /// - Throws: `FolderInTheWay` when `path` is a folder, or the underlying file error (the
    ///   temporary file is removed).
    public static func write(_ data: Data, to path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { throw FolderInTheWay(path: path) }
        let tmp = path + ".tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot move the written file to \(path): \(String(cString: strerror(errno)))"])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: tmp)
            throw error
        }
    }
}
