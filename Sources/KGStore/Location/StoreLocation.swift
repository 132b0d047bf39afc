import Foundation
import KGCore

/// Where a store lives, as chosen by the `--db` value: a SQLite file path, or a PostgreSQL server.
///
/// `postgresql://` and `postgres://` URLs (libpq's URL form, any letter case in the scheme) name a
/// PostgreSQL database; any other value is a SQLite file path, as it always was. A value with
/// another `scheme://` prefix is refused rather than taken for a path, so a typo such as
/// `postgressql://…` does not quietly create a file named after the URL.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite database file.
    case sqliteFile(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresURL)

    /// Reads a `--db` value.
    /// - Throws: `StoreError` (`InvalidDatabaseURL`) for a PostgreSQL URL that does not parse, or
    ///   another URL scheme.
    public static func parse(_ value: String) throws -> StoreLocation {
        guard let schemeEnd = value.range(of: "://") else { return .sqliteFile(path: value) }
        let scheme = value[..<schemeEnd.lowerBound].lowercased()
        if scheme == "postgresql" || scheme == "postgres" { return .postgres(try PostgresURL(parsing: value)) }
        // Only a well-formed scheme (letters, digits, + - .) counts: "./a://b" stays a path.
        let isScheme = !scheme.isEmpty && scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        guard isScheme else { return .sqliteFile(path: value) }
        throw StoreError(code: .invalidDatabaseURL,
                         message: "--db: unsupported URL scheme '\(scheme)://'; give a SQLite file path or a postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME URL")
    }

    /// Whether this is a PostgreSQL database.
    public var isPostgres: Bool { if case .postgres = self { return true } else { return false } }

    /// The location for messages and logs: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return path
        case .postgres(let url): return url.description
        }
    }
}
