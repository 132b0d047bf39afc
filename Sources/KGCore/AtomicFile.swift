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

    /// Whether `path` names something other than a regular file or a folder: a device
    /// (`/dev/null`, `/dev/stdout`), a FIFO, a socket. Such a target is written into directly:
    /// renaming a file over it would replace the device itself (as root, `--out /dev/null` would
    /// turn `/dev/null` into a regular file for every process on the machine).
    public static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// Opens `path` for writing from its start, creating a regular file (0644 before the umask)
    /// when missing and emptying an existing one in place; a device or FIFO is opened as it is
    /// (never replaced, unlike `FileManager.createFile`, which renames a new file over the path).
    /// - Returns: nil when the path cannot be opened for writing (`errno` says why).
    public static func openForWriting(_ path: String) -> FileHandle? {
        let flags = isSpecialFile(path) ? O_WRONLY : O_WRONLY | O_CREAT | O_TRUNC
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { return nil }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// - Throws: `FolderInTheWay` when `path` is a folder, or the underlying file error (the
    ///   temporary file is removed).
    public static func write(_ data: Data, to path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { throw FolderInTheWay(path: path) }
        if isSpecialFile(path) {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot write to \(path)"])
            }
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            return
        }
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
