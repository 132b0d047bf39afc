#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The adjacency a store's transactions may read expansions from, shared by a store and its
/// readers: the one built in this process (`GraphStore.refreshAdjacency`) or else the one in
/// the file beside the database, mapped the first time a transaction could use it.
///
/// A transaction gets an adjacency only for the exact nodes and relationships it reads (`Stamp`:
/// both id counters and the `structure_changes` counter); any other state gets nil and reads SQLite. The file is
/// looked at again only when it has changed on disk (another process rewrote it), so a stale
/// file costs one `stat` per transaction and nothing else.
final class AdjacencyProvider: @unchecked Sendable {
    // @unchecked: every mutable field is read and written under `lock`.

    /// The file this store's adjacency is kept in (nil: none, e.g. a PostgreSQL store).
    let filePath: String?
    private let lock = NSLock()
    private var current: CSRAdjacency?
    private var seenFile: FileIdentity?

    /// What tells one version of the file from another without reading it.
    private struct FileIdentity: Equatable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    init(filePath: String?) { self.filePath = filePath }

    /// The adjacency of the committed state `stamp`, or nil when neither memory nor the file holds it.
    func adjacency(for stamp: CSRAdjacency.Stamp) -> CSRAdjacency? {
        lock.lock(); defer { lock.unlock() }
        if let current, current.stamp == stamp { return current }
        guard let filePath, let identity = Self.identity(of: filePath), identity != seenFile else { return nil }
        seenFile = identity
        guard let mapped = CSRAdjacency.map(path: filePath) else { return nil }
        // The file was written after what this process holds (or holds nothing): it stays.
        current = mapped
        return mapped.stamp == stamp ? mapped : nil
    }

    /// Makes `adjacency` the one served from now on (it was just built from the committed state).
    func install(_ adjacency: CSRAdjacency) {
        lock.lock(); defer { lock.unlock() }
        current = adjacency
        if let filePath { seenFile = Self.identity(of: filePath) }
    }

    /// The stamp of the adjacency held in memory, if any.
    var currentStamp: CSRAdjacency.Stamp? {
        lock.lock(); defer { lock.unlock() }
        return current?.stamp
    }

    private static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                            seconds: Int(modified.tv_sec), nanoseconds: Int(modified.tv_nsec))
    }
}
