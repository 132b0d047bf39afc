import Foundation
import KGCore
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// One connection to a PostgreSQL server, with the synchronous API the store uses (the SQLite
/// connection's counterpart). Only KGStore talks SQL; this type is internal to it.
///
/// postgres-nio is asynchronous: each call here starts a request on `PostgresEventLoop.group` and
/// waits for its result on the calling thread (never a thread of that group, see there). Not
/// thread-safe by itself: its owner serialises access, as `GraphStore` does for SQLite.
/// Errors name the server (`host:port`), never the password.
package final class PostgresStoreConnection {
    /// The server this connection reached (one of the URL's endpoints; another after a reconnect).
    package internal(set) var endpoint: PostgresURL.Endpoint
    /// The server's version as a number (`server_version_num`, e.g. 150018 for 15.18).
    package internal(set) var serverVersion = 0
    /// The URL it was opened with (its description has no password).
    package let url: PostgresURL
    /// Where the store's readers connect (`openReader`); nil: `url`. `GraphStore.open(postgres:)`
    /// sets it to the URL as given when that says `target_session_attrs=prefer-standby`, while
    /// this connection (the writer) goes to a server that accepts writes.
    package var readURL: PostgresURL?
    /// The schema (namespace) holding the store's tables: `url.schema`, the connection's search path.
    package var schema: String { url.schema }
    /// Whether `begin` opened a transaction that `commit`/`rollback` has not ended.
    var transactionOpen = false
    /// Inside `withLockWait(.none)`: writers take the writer lock without waiting.
    var lockWaitSuspended = false
    /// Whether the session refuses writes (`default_transaction_read_only`), set again after a reconnect.
    var sessionReadOnly = false
    /// `idle_in_transaction_session_timeout` of this session in milliseconds (0: the server's
    /// setting), set again after a reconnect; see `setIdleTransactionTimeout`.
    var idleTransactionTimeoutMilliseconds = 0
    /// When the last statement ended: a transaction lost after being idle at least
    /// `idleTransactionTimeoutMilliseconds` was ended by that timeout, and its error says so.
    var lastStatementEnded = Date()
    /// The live connection; `reconnectIfClosed` swaps in a new one when the server closed it.
    var connection: PostgresConnection
    let logger: Logger

    /// The oldest PostgreSQL GovBrain runs on (`server_version_num`).
    package static let minimumServerVersion = 140000
    /// How long a statement waits for a lock (`lock_timeout`; SQLite's busy timeout is 5 s too).
    package static let lockTimeoutSeconds = 5

    private init(connection: PostgresConnection, endpoint: PostgresURL.Endpoint, url: PostgresURL, logger: Logger) {
        self.connection = connection; self.endpoint = endpoint; self.url = url; self.logger = logger
    }

    /// Closes the connection; the closure keeps it alive until the close completes (postgres-nio
    /// requires a connection to be closed before it is released).
    deinit {
        let connection = connection
        connection.close().whenComplete { _ in _ = connection }
    }

    /// Connects to the first of the URL's hosts that answers, accepts the user and matches
    /// `target_session_attrs` (libpq's order: the hosts as written; `prefer-standby` tries every
    /// host for a standby before settling for any), then checks the server's version.
    /// - Throws: `StoreError`: `DatabaseUnreachable` (naming every host tried and why) when none
    ///   qualifies, `DatabaseAuthenticationFailed`, `DatabaseMissing`, `UnsupportedDatabaseServer`
    ///   (PostgreSQL older than 14).
    package static func connect(_ url: PostgresURL) throws -> PostgresStoreConnection {
        let logger = Logger(label: "govbrain.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        guard PostgresURL.isValidSchemaName(url.schema) else {
            throw StoreError(code: .invalidDatabaseURL, message: "the schema '\(url.schema)' of \(url) must be lower-case letters, digits and _, not starting with a digit, at most 63 bytes")
        }
        var failures: [String] = []
        let passes: [PostgresURL.TargetSessionAttributes] = url.targetSessionAttributes == .preferStandby
            ? [.standby, .any] : [url.targetSessionAttributes]
        for wanted in passes {
            for endpoint in url.endpoints {
                let connection: PostgresConnection
                do {
                    connection = try open(endpoint, of: url, logger: logger)
                } catch {
                    let mapped = PostgresErrorMapper.connectError(error, endpoint: endpoint, url: url)
                    // A refused password or a missing database is the same on every host: say so now.
                    if mapped.code != .databaseUnreachable { throw mapped }
                    failures.append(mapped.message)
                    continue
                }
                let opened = PostgresStoreConnection(connection: connection, endpoint: endpoint, url: url, logger: logger)
                opened.serverVersion = Int(try opened.scalar("SHOW server_version_num")?.text ?? "") ?? 0
                if opened.serverVersion < minimumServerVersion {
                    let shown = (try? opened.scalar("SHOW server_version"))??.text ?? "unknown"
                    try checkServerVersion(opened.serverVersion, shown: shown, at: endpoint)
                }
                if try opened.matches(wanted) {
                    try opened.execute("SET search_path TO \(url.schema); SET lock_timeout = '\(lockTimeoutSeconds)s'")
                    return opened
                }
                failures.append("\(endpoint): not \(wanted.rawValue)")
            }
        }
        throw StoreError(code: .databaseUnreachable,
                         message: "no PostgreSQL server of \(url) accepted the connection (target_session_attrs=\(url.targetSessionAttributes.rawValue)): "
                            + failures.joined(separator: "; ") + ". Check that the server runs and listens there, or start one with Tools/postgres-dev.sh.")
    }

    /// Refuses a server older than `minimumServerVersion` (14, issue 28's floor: the store is
    /// tested on 15 and never on anything older than 14, so an older server is refused at open
    /// rather than failing later on some statement). A function of its own so that tests can give
    /// it the `server_version_num` of an old server without running one.
    /// - Parameters:
    ///   - number: `server_version_num` (e.g. 130011 for 13.11; 0 when the server sent none).
    ///   - shown: `server_version` as the server writes it, for the message.
    ///   - endpoint: the server, named in the message.
    /// - Throws: `StoreError` `UnsupportedDatabaseServer` saying which version was found and what to do.
    static func checkServerVersion(_ number: Int, shown: String, at endpoint: PostgresURL.Endpoint) throws {
        guard number < minimumServerVersion else { return }
        throw StoreError(code: .unsupportedDatabaseServer,
                         message: "the PostgreSQL server at \(endpoint) is version \(shown) (server_version_num \(number)); GovBrain needs PostgreSQL 14 or newer. Upgrade the server (pg_upgrade) or point --db at a server of version 14 or newer.")
    }

    /// Opens one connection, failing after the connect timeout whatever stage it is in (postgres-nio's
    /// own timeout covers the TCP connect only; a listener that never answers the startup message
    /// would otherwise hold the caller forever). A connection that completes after the deadline is closed.
    private static func open(_ endpoint: PostgresURL.Endpoint, of url: PostgresURL, logger: Logger) throws -> PostgresConnection {
        let loop = PostgresEventLoop.group.next()
        let attempt = PostgresConnection.connect(on: loop, configuration: try configuration(url, endpoint), id: 1, logger: logger)
        let deadline = loop.makePromise(of: PostgresConnection.self)
        attempt.cascade(to: deadline)
        let timer = loop.scheduleTask(in: .seconds(Int64(url.connectTimeoutSeconds))) {
            deadline.fail(PostgresConnectDeadline(seconds: url.connectTimeoutSeconds))
        }
        attempt.whenComplete { _ in timer.cancel() }
        do {
            return try deadline.futureResult.wait()
        } catch let late as PostgresConnectDeadline {
            attempt.whenSuccess { connection in connection.close().whenComplete { _ in } }
            throw late
        }
    }

    /// Whether the server suits `target_session_attrs` (read-write: accepts writes; primary: not in
    /// recovery; read-only: refuses writes; standby: in recovery).
    private func matches(_ wanted: PostgresURL.TargetSessionAttributes) throws -> Bool {
        switch wanted {
        case .any, .preferStandby: return true
        case .readWrite, .readOnly:
            let readOnly = try scalar("SHOW transaction_read_only")?.text == "on"
            return wanted == .readOnly ? readOnly : !readOnly
        case .primary, .standby:
            let inRecovery = try scalar("SELECT pg_is_in_recovery()")?.int == 1
            return wanted == .standby ? inRecovery : !inRecovery
        }
    }

    private static func configuration(_ url: PostgresURL, _ endpoint: PostgresURL.Endpoint) throws -> PostgresConnection.Configuration {
        let password = url.password?.revealed
        var config: PostgresConnection.Configuration
        if endpoint.isUnixSocket {
            config = .init(unixSocketPath: endpoint.unixSocketPath, username: url.user, password: password, database: url.database)
        } else {
            config = .init(host: endpoint.host, port: endpoint.port, username: url.user, password: password, database: url.database,
                           tls: try tls(url.sslMode))
        }
        config.options.connectTimeout = .seconds(Int64(url.connectTimeoutSeconds))
        config.options.additionalStartupParameters = [("application_name", url.applicationName)]
        return config
    }

    /// libpq's sslmode in postgres-nio's terms: `allow` and `prefer` try TLS and fall back to
    /// plain; `require` insists on TLS without checking the certificate (as libpq does without a
    /// root certificate); `verify-ca` checks the chain; `verify-full` the chain and the host name.
    private static func tls(_ mode: PostgresURL.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: tls) } catch {
            throw StoreError(code: .invalidDatabaseURL, message: "cannot set up TLS for sslmode=\(mode.rawValue): \(error). Use sslmode=disable for a server without TLS.")
        }
        return mode == .allow || mode == .prefer ? .prefer(context) : .require(context)
    }

    /// Splits SQL at the semicolons outside '…' literals and $$…$$ bodies (the only dollar quotes
    /// the store's own SQL uses).
    static func statements(_ sql: String) -> [String] {
        var out: [String] = [], current = ""
        var inQuote = false, inDollar = false
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if !inQuote, c == "$", i + 1 < chars.count, chars[i + 1] == "$" {
                inDollar.toggle(); current += "$$"; i += 2; continue
            }
            if !inDollar, c == "'" { inQuote.toggle() }
            if c == ";", !inQuote, !inDollar {
                if !current.allSatisfy(\.isWhitespace) { out.append(current) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        if !current.allSatisfy(\.isWhitespace) { out.append(current) }
        return out
    }

    /// Sends one statement (`$n` parameters) with `parameters` and returns its rows.
    func run(_ sql: String, _ parameters: [StoreValue]) throws -> [PostgresRow] {
        try reconnectIfClosed()
        var bindings = PostgresBindings(capacity: parameters.count)
        for arg in parameters {
            switch arg {
            case .null: bindings.appendNull()
            case .int(let i): bindings.append(i)
            case .double(let d): bindings.append(d)
            case .text(let s): bindings.append(s)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            case .int64Array(let values): bindings.append(values)
            }
        }
        defer { lastStatementEnded = Date() }
        do {
            return try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)).rows
        } catch {
            throw PostgresErrorMapper.queryError(error, endpoint: endpoint)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin(.plainWrite, wait: .standard)
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// Closes the connection (also done when it is released).
    package func close() { try? connection.close().wait() }
}
