import Crypto
import Foundation
import KGCore
import KGStore

/// API keys and the audit log of one GovBrain database (the `api_keys` and `audit_log` tables).
///
/// A key is `gbk_<id>_<secret>`: 12 hex characters that find the key and 43 characters of
/// base64url from 32 random bytes. Only the SHA-256 of the whole key is stored, and it is
/// compared in constant time; the key itself is shown once, at creation. The audit log is
/// append-only: the store's triggers abort any UPDATE or DELETE of it, and no route writes it.
///
/// Uses its own connection to the store's database (`GraphStore.openSideConnection`; SQLite's
/// WAL lets it write while the graph store reads), serialised by a lock. On PostgreSQL the tables
/// are shared by every server of the store: keys made through one work on all, and the audit log
/// is one, its appends serialised by an advisory lock so that `seq` order is commit order.
///
/// The audit secret is a file, never a row: someone who can write the database must not be able
/// to read it. It is `auditSecretFile` when given (`--audit-secret-file`,
/// `GOVBRAIN_AUDIT_SECRET_FILE`: the one file several servers share), else
/// `<sidecarBase>.audit-secret` (SQLite: beside the database file, as always; PostgreSQL: under
/// `$GOVBRAIN_STATE_DIR`, see `GraphStore.sidecarBase`).
public final class AccessStore: @unchecked Sendable {
    public let path: String
    private let db: any StoreConnection
    private let lock = NSLock()
    /// The HMAC keyed with the audit secret (the secret of the request hashes, `auditHash`, kept in
    /// a file outside the database), before any data: each hash starts from a copy, so the key's
    /// pads are computed once, not per request.
    private let auditHMAC: HMAC<Crypto.SHA256>
    /// Where the audit secret was read from.
    public let auditSecretPath: String

    /// The environment variable naming a shared audit secret file.
    public static let auditSecretEnvironment = "GOVBRAIN_AUDIT_SECRET_FILE"

    /// Opens the access tables of the GovBrain store at `path` (a file or a `postgresql://` URL;
    /// migrating an older store first).
    public static func open(at path: String, auditSecretFile: String? = nil) throws -> AccessStore {
        try open(store: GraphStore.open(at: path), auditSecretFile: auditSecretFile)
    }

    /// Opens the access tables of an open store, on a connection of their own.
    public static func open(store: GraphStore, auditSecretFile: String? = nil) throws -> AccessStore {
        let environment = ProcessInfo.processInfo.environment[auditSecretEnvironment].flatMap { $0.isEmpty ? nil : $0 }
        let secret = auditSecretFile ?? environment ?? store.sidecarBase + ".audit-secret"
        return try AccessStore(path: store.path, db: store.openSideConnection(), secretPath: secret)
    }

    private init(path: String, db: any StoreConnection, secretPath: String) throws {
        self.path = path
        self.db = db
        auditSecretPath = secretPath
        auditHMAC = HMAC<Crypto.SHA256>(key: try AuditSecretFile.load(path: secretPath))
    }

    /// The HMAC-SHA-256 of a request (body and query string) for the audit log, as lowercase hex.
    /// Keyed, so that a request holding a guessable value (an identity number) cannot be found by
    /// hashing candidates without the secret file, which only the owner can read.
    public func auditHash(bytes: some Sequence<UInt8>) -> String {
        var hmac = auditHMAC
        if bytes.withContiguousStorageIfAvailable({ hmac.update(data: UnsafeRawBufferPointer($0)) }) == nil {
            hmac.update(data: Array(bytes))
        }
        return Hex.string(hmac.finalize())
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    // MARK: Keys

    /// Creates a key; returns its record and the key (the only time the key exists in clear).
    public func createKey(role: APIRole, name: String) throws -> (record: APIKeyRecord, key: String) {
        let (id, key, record) = try Self.newKey(role: role, name: name)
        try locked {
            let s = try db.prepare("INSERT INTO api_keys(id, name, role, hash, created_at) VALUES(?, ?, ?, ?, ?)")
            try s.bind([.text(id), .text(record.name), .text(role.rawValue), .text(Self.hash(key)), .text(record.createdAt)])
            try s.run()
        }
        return (record, key)
    }

    /// A new key and its record (not stored yet), after checking the name.
    private static func newKey(role: APIRole, name: String) throws -> (id: String, key: String, record: APIKeyRecord) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), !trimmed.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
            throw AccessError(code: .invalidAccessRequest, message: "a key name must be 1–64 characters on one line, e.g. --name hotline-desk-1")
        }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let key = "gbk_\(id)_\(secret)"
        return (id, key, APIKeyRecord(id: id, name: trimmed, role: role, createdAt: Self.timestamp(Date()), revokedAt: nil))
    }

    /// Creates a key only when the store has no valid key (the bootstrap admin key of `serve`), in
    /// one transaction: of several servers starting together on one PostgreSQL store, one creates it
    /// (the others wait for the lock, then find it). Returns nil when a valid key exists.
    public func createFirstKey(role: APIRole, name: String) throws -> (record: APIKeyRecord, key: String)? {
        let (id, key, record) = try Self.newKey(role: role, name: name)
        return try locked { () throws -> (record: APIKeyRecord, key: String)? in
            try db.begin(.plainWrite, wait: .standard)
            do {
                if db.dialect.kind == .postgres {
                    _ = try db.scalar("SELECT 1 FROM pg_advisory_xact_lock(\(Self.auditLockKey), hashtext(current_schema() || '.api_keys'))")
                }
                guard try db.scalar("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL")?.int == 0 else {
                    db.rollback()
                    return nil
                }
                let s = try db.prepare("INSERT INTO api_keys(id, name, role, hash, created_at) VALUES(?, ?, ?, ?, ?)")
                try s.bind([.text(id), .text(record.name), .text(role.rawValue), .text(Self.hash(key)), .text(record.createdAt)])
                try s.run()
                try db.commit()
                return (record, key)
            } catch {
                db.rollback()
                throw error
            }
        }
    }

    /// Every key, oldest first (revoked ones included, marked).
    public func listKeys() throws -> [APIKeyRecord] {
        try locked {
            try db.rows("SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id").compactMap(Self.record)
        }
    }

    /// Revokes a key by id (or by the whole key); revoking twice is harmless.
    public func revokeKey(_ idOrKey: String) throws -> APIKeyRecord {
        let id = Self.parse(idOrKey)?.id ?? idOrKey
        return try locked {
            let s = try db.prepare("UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")
            try s.bind([.text(Self.timestamp(Date())), .text(id)])
            try s.run()
            guard let row = try db.rows("SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE id = ?", [.text(id)]).first,
                  let record = Self.record(row) else {
                throw AccessError(code: .notFound, message: "no API key with id \(id); 'govbrain keys list' shows the ids")
            }
            return record
        }
    }

    /// The valid (not revoked) key record for a presented key, or nil.
    public func verify(_ key: String) throws -> APIKeyRecord? {
        guard let (id, _) = Self.parse(key) else { return nil }
        return try locked {
            guard let row = try db.rows("SELECT id, name, role, created_at, revoked_at, hash FROM api_keys WHERE id = ?", [.text(id)]).first,
                  let record = Self.record(row), !record.isRevoked, let stored = row[5].text,
                  let storedBytes = Self.bytes(hex: stored) else { return nil }
            let presented = Array(SHA256.hash(data: Data(key.utf8)))
            return ConstantTime.equal(presented, storedBytes) ? record : nil
        }
    }

    /// Number of valid keys.
    public func activeKeyCount() throws -> Int {
        try locked { Int(try db.scalar("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL")?.int ?? 0) }
    }

    // MARK: Audit

    /// Audit rows per `INSERT` (11 parameters each: under SQLite's 32,766 and PostgreSQL's 65,535).
    public static let auditRowsPerStatement = 500

    /// Appends entries in one transaction (all or none).
    public func appendAudit(_ entries: [AuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try locked {
            try db.begin(.plainWrite, wait: .standard)
            do {
                if db.dialect.kind == .postgres {
                    // One appender at a time across servers: `seq` (an identity) is then in commit
                    // order, so a reader following the log by `seq` never skips a late commit.
                    _ = try db.scalar("SELECT 1 FROM pg_advisory_xact_lock(\(Self.auditLockKey), hashtext(current_schema()))")
                }
                // Many rows per statement: on PostgreSQL each statement is a round trip, and the
                // batch holds the append lock that other servers wait for (row by row, a batch of
                // 30,000 entries held it for seconds).
                var start = 0
                while start < entries.count {
                    let chunk = entries[start..<min(entries.count, start + Self.auditRowsPerStatement)]
                    start += chunk.count
                    let s = try db.prepare("""
                    INSERT INTO audit_log(at, request_id, key_id, role, method, route, path, request_hash, rows, status, duration_ms)
                    VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", "))
                    """)
                    var arguments: [StoreValue] = []
                    arguments.reserveCapacity(chunk.count * 11)
                    for e in chunk {
                        arguments += [.text(e.at), .text(e.requestID), e.keyID.map { .text($0) } ?? .null, e.role.map { .text($0) } ?? .null,
                                      .text(e.method), .text(e.route), .text(e.path), e.requestHash.map { .text($0) } ?? .null,
                                      .int(Int64(e.rows)), .int(Int64(e.status)), .double(e.durationMs)]
                    }
                    try s.bind(arguments)
                    try s.run()
                }
                try db.commit()
            } catch {
                db.rollback()
                throw error
            }
        }
    }

    /// Audit entries at or after `since` (a timestamp in this store's format), oldest first.
    public func audit(since: String?, limit: Int = 10_000) throws -> [AuditEntry] {
        try locked {
            let rows = try db.rows("""
            SELECT seq, at, request_id, key_id, role, method, route, path, request_hash, rows, status, duration_ms
            FROM audit_log WHERE at >= ? ORDER BY seq LIMIT ?
            """, [.text(since ?? ""), .int(Int64(limit))])
            return rows.map { r in
                AuditEntry(sequence: r[0].int ?? 0, at: r[1].text ?? "", requestID: r[2].text ?? "", keyID: r[3].text, role: r[4].text,
                           method: r[5].text ?? "", route: r[6].text ?? "", path: r[7].text ?? "", requestHash: r[8].text,
                           rows: Int(r[9].int ?? 0), status: Int(r[10].int ?? 0), durationMs: r[11].doubleValue ?? 0)
            }
        }
    }

    // MARK: Helpers

    /// The first key of the audit log's append lock ("GOVA"; the writer lock is "GOVB").
    static let auditLockKey: Int32 = 0x474F_5641

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`: fixed width, so text order is time order.
    public static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let s = Int(seconds - days * 86400)
        let day = CypherDate(daysSinceEpoch: Int(days)), millis = Int(ms - seconds * 1000)
        if (0...9999).contains(day.year) {
            // Every audit entry has one: the 24 bytes written in place (the padded pieces joined
            // as strings were 1 % of a light request).
            return String(unsafeUninitializedCapacity: 24) { out in
                var o = 0
                func put(_ value: Int, _ width: Int, _ separator: Unicode.Scalar) {
                    var v = value
                    for k in stride(from: width - 1, through: 0, by: -1) { out[o + k] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 }
                    out[o + width] = UInt8(ascii: separator)
                    o += width + 1
                }
                put(day.year, 4, "-"); put(day.month, 2, "-"); put(day.day, 2, "T")
                put(s / 3600, 2, ":"); put(s / 60 % 60, 2, ":"); put(s % 60, 2, "."); put(millis, 3, "Z")
                return o
            }
        }
        func p(_ v: Int, _ width: Int) -> String { let t = String(v); return String(repeating: "0", count: max(0, width - t.count)) + t }
        return day.description + "T" + p(s / 3600, 2) + ":" + p(s / 60 % 60, 2) + ":" + p(s % 60, 2) + "." + p(millis, 3) + "Z"
    }

    /// SHA-256 of text, as lowercase hex.
    public static func hash(_ text: String) -> String { hash(bytes: text.utf8) }

    /// SHA-256 of bytes, as lowercase hex.
    public static func hash(bytes: some Sequence<UInt8>) -> String {
        Hex.string(SHA256.hash(data: Data(bytes)))
    }

    /// Splits `gbk_<id>_<secret>` (nil when the text is not shaped like a key).
    static func parse(_ key: String) -> (id: String, secret: Substring)? {
        guard key.hasPrefix("gbk_"), key.count <= 128 else { return nil }
        let rest = key.dropFirst(4)
        guard let underscore = rest.firstIndex(of: "_") else { return nil }
        let id = String(rest[..<underscore])
        guard id.count == 12, id.allSatisfy(\.isHexDigit) else { return nil }
        return (id, rest[rest.index(after: underscore)...])
    }

    private static func record(_ row: [StoreValue]) -> APIKeyRecord? {
        guard let id = row[0].text, let name = row[1].text, let roleName = row[2].text, let role = APIRole(rawValue: roleName),
              let created = row[3].text else { return nil }
        return APIKeyRecord(id: id, name: name, role: role, createdAt: created, revokedAt: row[4].text)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
        }
        return out
    }
}
