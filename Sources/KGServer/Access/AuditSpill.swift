import Foundation
import Glibc
import KGAccess

/// The audit entries a server could not write to the store, kept in a file beside it (JSON
/// lines, mode 0600: key ids and paths) until a flush appends them.
///
/// Several servers may share the file (servers on one machine over one PostgreSQL): writes are
/// `O_APPEND` lines, and a server appends the file only after claiming it by renaming it to a
/// name of its own, which one server alone can do. A claim left by a server that died is taken
/// over after `staleClaim`.
struct AuditSpill: Sendable {
    /// The spill file.
    let path: String
    /// Age after which another server's claimed file is taken over.
    var staleClaim: TimeInterval = 300

    /// A claimed spill file, ready to append.
    struct Claimed {
        let spill: AuditSpill
        let path: String

        /// The entries, skipping a line a crash cut short.
        func read() throws -> [AuditEntry] {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(AuditEntry.self, from: Data($0)) }
        }

        /// Deletes the file once its entries are in the store.
        func remove() { unlink(path) }

        /// Hands the entries back to the spill file (their append failed) and deletes the claim.
        func release() {
            guard let entries = try? read() else { return }
            if (try? spill.write(entries)) != nil { unlink(path) }
        }
    }

    /// Appends entries as JSON lines and syncs the file.
    /// - Throws: `POSIXError` when the file cannot be opened or written.
    func write(_ entries: [AuditEntry]) throws {
        let encoder = JSONEncoder()
        var bytes = Data()
        for e in entries { bytes.append(try encoder.encode(e)); bytes.append(UInt8(ascii: "\n")) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Claims the spill file (one `rename`: cheap when there is none), or with `takeStale` a claim
    /// abandoned for `staleClaim` (a directory listing); nil when there is none.
    func claim(takeStale: Bool) -> Claimed? {
        let mine = path + ".replaying-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if rename(path, mine) == 0 { return Claimed(spill: self, path: mine) }
        guard takeStale else { return nil }
        let folder = (path as NSString).deletingLastPathComponent, prefix = (path as NSString).lastPathComponent + ".replaying-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let other = (folder as NSString).appendingPathComponent(name)
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: other))?[.modificationDate] as? Date,
                  Date().timeIntervalSince(modified) > staleClaim else { continue }
            if rename(other, mine) == 0 { return Claimed(spill: self, path: mine) }
        }
        return nil
    }
}
