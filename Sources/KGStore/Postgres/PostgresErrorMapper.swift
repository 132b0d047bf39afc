import Foundation
import KGCore
import NIOCore
import NIOPosix
import PostgresNIO

/// The connect deadline of `PostgresStoreConnection.open` passed.
struct PostgresConnectDeadline: Error {
    let seconds: Int
}

/// Turns postgres-nio's errors into `StoreError`s that say what happened, at which server
/// (`host:port`) and what to do. The password is never in them: postgres-nio's errors do not carry
/// it, and the messages built here only name the user, the database and the server.
enum PostgresErrorMapper {
    /// An error while connecting to `endpoint`.
    static func connectError(_ error: any Error, endpoint: PostgresURL.Endpoint, url: PostgresURL) -> StoreError {
        if let deadline = error as? PostgresConnectDeadline {
            return unreachable(endpoint, "no answer within the connect timeout of \(deadline.seconds) s (connect_timeout)")
        }
        if let storeError = error as? StoreError { return storeError }
        guard let psql = error as? PSQLError else { return unreachable(endpoint, reason(error)) }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            switch state {
            case "28P01", "28000":
                return StoreError(code: .databaseAuthenticationFailed,
                                  message: "the PostgreSQL server at \(endpoint) refused user '\(url.user)' for database '\(url.database)' (wrong password, unknown user, or no pg_hba.conf entry for this client; SQLSTATE \(state)). Check USER and PASSWORD in --db.")
            case "3D000":
                return StoreError(code: .databaseMissing,
                                  message: "the PostgreSQL server at \(endpoint) has no database '\(url.database)'. Create it (createdb \(url.database)) or name another one in --db.")
            default:
                return unreachable(endpoint, "the server refused the connection: \(psql.serverInfo?[.message] ?? "no reason given") (SQLSTATE \(state))")
            }
        case .authMechanismRequiresPassword:
            return StoreError(code: .databaseAuthenticationFailed,
                              message: "the PostgreSQL server at \(endpoint) asks user '\(url.user)' for a password and --db has none; write postgresql://USER:PASSWORD@HOST/DBNAME.")
        case .unsupportedAuthMechanism:
            return StoreError(code: .databaseAuthenticationFailed,
                              message: "the PostgreSQL server at \(endpoint) asks for an authentication method GovBrain does not speak; configure scram-sha-256, md5, password or trust for this client in pg_hba.conf.")
        case .saslError:
            return StoreError(code: .databaseAuthenticationFailed,
                              message: "SCRAM authentication with the PostgreSQL server at \(endpoint) failed for user '\(url.user)'. Check USER and PASSWORD in --db.")
        case .sslUnsupported:
            return unreachable(endpoint, "the server does not accept TLS and sslmode=\(url.sslMode.rawValue) requires it; use sslmode=prefer or disable, or enable ssl on the server")
        case .serverClosedConnection, .uncleanShutdown:
            // Something accepted the TCP connection and closed it before PostgreSQL's startup
            // exchange: another service on that port, or a proxy or firewall that drops it.
            return unreachable(endpoint, "the connection was closed before the PostgreSQL startup exchange finished (is PostgreSQL listening there, and not another service, proxy or firewall?)")
        default:
            return unreachable(endpoint, psql.underlying.map(reason) ?? "\(psql.code)")
        }
    }

    /// An error of a statement on an open connection. The server's message is kept unless it is of
    /// a class that quotes data values (22: data exception), which could be sensitive properties.
    static func queryError(_ error: any Error, endpoint: PostgresURL.Endpoint) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        guard let psql = error as? PSQLError else {
            return StoreError(code: .sqlite, message: "PostgreSQL at \(endpoint): \(reason(error))")
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? "?????"
            let quotesData = state.hasPrefix("22")
            let message = quotesData ? "a value was refused" : (psql.serverInfo?[.message] ?? "no message")
            if state == "40001" || state == "40P01" || state == "55P03" {
                return StoreError(code: .busy, message: "PostgreSQL at \(endpoint): \(message) (SQLSTATE \(state)); the transaction was rolled back, try again.")
            }
            // 57P01–57P03: the server is shutting down or terminated this backend; 08xxx: connection failures.
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                return StoreError(code: .databaseUnreachable, message: "PostgreSQL at \(endpoint) ended the connection: \(message) (SQLSTATE \(state)); the statement's transaction did not commit. The next request reconnects.")
            }
            if state == "25P03" {
                return StoreError(code: .databaseUnreachable, message: "PostgreSQL at \(endpoint) ended the transaction: it stayed idle longer than idle_in_transaction_session_timeout (SQLSTATE 25P03). Nothing of it was committed; begin a new transaction.")
            }
            if state == "25006" {
                return StoreError(code: .pathNotWritable, message: "PostgreSQL at \(endpoint) is read-only (a standby?): \(message). Point --db at the primary, or add target_session_attrs=read-write with every host.")
            }
            return StoreError(code: .sqlite, message: "PostgreSQL error at \(endpoint): \(message) (SQLSTATE \(state))")
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return StoreError(code: .databaseUnreachable, message: "the connection to PostgreSQL at \(endpoint) was lost (\(psql.underlying.map(reason) ?? "\(psql.code)")); the statement's transaction did not commit. Retry once the server is back.")
        default:
            return StoreError(code: .sqlite, message: "PostgreSQL at \(endpoint): \(psql.code)")
        }
    }

    private static func unreachable(_ endpoint: PostgresURL.Endpoint, _ why: String) -> StoreError {
        StoreError(code: .databaseUnreachable, message: "\(endpoint): \(why)")
    }

    /// A short reason for a network error.
    private static func reason(_ error: any Error) -> String {
        if let channel = error as? ChannelError, case .connectTimeout(let amount) = channel {
            return "no answer within the connect timeout of \(amount.nanoseconds / 1_000_000_000) s (connect_timeout)"
        }
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED ? "connection refused" : "\(io)" }
        if let connection = error as? NIOConnectionError {
            if connection.dnsAError != nil || connection.dnsAAAAError != nil, connection.connectionErrors.isEmpty {
                return "the host name does not resolve"
            }
            if let first = connection.connectionErrors.first { return reason(first.error) }
        }
        return "\(error)"
    }
}
