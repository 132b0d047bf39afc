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
/// Written section by section to a temporary file and renamed over the old one, so a reader maps
/// either the old file or the new one, never half of one. Mapped read-only and private: pages come in as
/// expansions touch them, and a file replaced later leaves the mapping as it was.
///
/// Trust: the header must be this layout's (magic, a check over its fields) and the size must be
/// the one its counts give; a file of another state (its stamp) is never used for a transaction
/// (`AdjacencyProvider`); offsets are bounds-checked on every read (`range`), so a damaged body
/// makes the read fall back to SQLite rather than leave the buffer.
extension CSRAdjacency {
    /// Where the adjacency of the SQLite store at `databasePath` is kept.
    public static func filePath(forDatabase databasePath: String) -> String { databasePath + ".csr" }

    /// Reads the graph through `tx` as `build` does, but straight into the file at `path` (a
    /// temporary file beside it, then a rename), one section after another through small buffers,
    /// and maps it: the process never holds the relationships' arrays in memory of its own (an
    /// import of 10 M relationships would otherwise add their 400 MiB to its peak).
    /// - Throws: `StoreError` when a read fails (as `build`), `pathNotWritable` when the file
    ///   cannot be written; nothing is left behind then.
    static func buildFile(_ tx: StoreTransaction, path: String) throws -> CSRAdjacency {
        let nodes = try readNodes(tx)
        let n = nodes.n, m = nodes.m
        let size = byteCount(nodes: n, relationships: m)
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Self.writeError(path) }
        var isOpen = true
        var renamed = false
        defer {
            if isOpen { close(fd) }
            if !renamed { unlink(temporary) }
        }
        func put(_ words: [Int64], at offset: Int) throws {
            let ok = words.withUnsafeBytes { FileSectionWriter.write(fd, $0, at: offset) }
            if !ok { throw Self.writeError(path) }
        }
        guard ftruncate(fd, off_t(size)) == 0 else { throw Self.writeError(path) }
        let w = 8, nodesAt = headerWords * w
        try put(header(nodes.stamp, nodes: n, relationships: m), at: 0)
        try put(nodes.ids, at: nodesAt)
        try put(nodes.labelBits, at: nodesAt + n * w)
        let offsetsAt = nodesAt + 2 * n * w, arraysAt = offsetsAt + 2 * (n + 1) * w, typesAt = arraysAt + 4 * m * w
        var offsets = [Int64](repeating: 0, count: n + 1)
        for (d, sql) in [outgoingRows, incomingRows].enumerated() {
            let far = FileSectionWriter(fd: fd, at: arraysAt + 2 * d * m * w)
            let rel = FileSectionWriter(fd: fd, at: arraysAt + (2 * d + 1) * m * w)
            let type = FileSectionWriter(fd: fd, at: typesAt + d * m * 4)
            try offsets.withUnsafeMutableBufferPointer { offsets in
                try fill(tx, sql, nodes: nodes, offsets: offsets.baseAddress!) { _, f, r, t in
                    guard far.append(f), rel.append(r), type.append(t) else { throw Self.writeError(path) }
                }
            }
            guard far.flush(), rel.flush(), type.flush() else { throw Self.writeError(path) }
            try put(offsets, at: offsetsAt + d * (n + 1) * w)
        }
        isOpen = false
        guard close(fd) == 0, rename(temporary, path) == 0 else { throw Self.writeError(path) }
        renamed = true
        guard let mapped = map(path: path) else { throw Self.writeError(path) }
        return mapped
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

    private static func writeError(_ path: String) -> StoreError {
        StoreError(code: .pathNotWritable, message: "could not write the adjacency file \(path) (\(String(cString: strerror(errno)))); check the folder's permissions and free space")
    }
}
