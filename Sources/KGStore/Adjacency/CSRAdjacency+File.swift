#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KGCore

/// The adjacency in a file beside the database (`<db>.csr`), so that a process that runs one
/// query (the CLI) reads a hub's relationships from memory too, without building anything.
///
/// Written whole to a temporary file and renamed over the old one, so a reader maps either the
/// old file or the new one, never half of one. Mapped read-only and private: pages come in as
/// expansions touch them, and a file replaced later leaves the mapping as it was.
///
/// Trust: the header must be this layout's (magic, a check over its fields) and the size must be
/// the one its counts give; a file of another state (its stamp) is never used for a transaction
/// (`AdjacencyProvider`); offsets are bounds-checked on every read (`range`), so a damaged body
/// makes the read fall back to SQLite rather than leave the buffer.
extension CSRAdjacency {
    /// Where the adjacency of the SQLite store at `databasePath` is kept.
    public static func filePath(forDatabase databasePath: String) -> String { databasePath + ".csr" }

    /// Writes the buffer to `path` (a temporary file beside it, then a rename).
    /// - Throws: `StoreError` (`pathNotWritable`) when the file cannot be written; nothing is
    ///   left behind then.
    public func write(to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Self.writeError(path) }
        var written = 0
        var failed = false
        while written < bytes.count {
            let r = Self.systemWrite(fd, bytes.baseAddress! + written, min(bytes.count - written, 1 << 26))
            if r <= 0 { failed = true; break }
            written += r
        }
        if close(fd) != 0 { failed = true }
        guard !failed, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.writeError(path)
        }
    }

    /// Maps the file at `path`, or nil when there is none or it is not a whole adjacency of
    /// this layout (nothing to trust: the caller reads SQLite).
    public static func map(path: String) -> CSRAdjacency? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= Int64(headerWords * 8) else { return nil }
        let size = Int(info.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        let raw = UnsafeRawBufferPointer(start: base, count: size)
        guard let (stamp, n, m) = checkedHeader(raw) else {
            munmap(base, size)
            return nil
        }
        return CSRAdjacency(buffer: raw, stamp: stamp, nodes: n, relationships: m, release: { munmap(base, size) })
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    private static func writeError(_ path: String) -> StoreError {
        StoreError(code: .pathNotWritable, message: "could not write the adjacency file \(path) (\(String(cString: strerror(errno)))); check the folder's permissions and free space")
    }
}
