import Crypto
import Foundation
import KGCore

/// The audit log's HMAC secret: 32 random bytes in a file only the owner reads (mode 0600).
///
/// Created on first use. Several servers may start at once on one shared file: the secret is
/// written to a temporary file and linked into place, which fails when another server got there
/// first; everyone then reads the file that won, so all servers hash with the same secret. A file
/// of another size than 32 bytes is replaced (as before: it cannot be a secret this code wrote).
enum AuditSecretFile {
    /// Reads the secret at `path`, creating it (and its folder, mode 0700) if missing.
    /// - Throws: `AccessError` `.pathNotWritable` when it can be neither read nor created.
    static func load(path: String) throws -> SymmetricKey {
        let fm = FileManager.default
        let existing = fm.contents(atPath: path)
        if let existing, existing.count == 32 { return SymmetricKey(data: existing) }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !fm.fileExists(atPath: folder) {
            try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max, using: &generator)).tmp"
        guard fm.createFile(atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw AccessError(code: .pathNotWritable, message: "cannot write the audit secret \(path); make its folder writable by the service, or name a secret file with --audit-secret-file or \(AccessStore.auditSecretEnvironment)")
        }
        defer { unlink(temporary) }
        if existing == nil {
            _ = link(temporary, path)   // fails when another process created it meanwhile: its secret wins
        } else {
            _ = rename(temporary, path)
        }
        guard let data = fm.contents(atPath: path), data.count == 32 else {
            throw AccessError(code: .pathNotWritable, message: "cannot read back the audit secret \(path); check its folder, owner and mode (0600)")
        }
        return SymmetricKey(data: data)
    }
}
