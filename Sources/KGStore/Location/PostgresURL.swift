/// A PostgreSQL database named by a `--db` URL in libpq's form:
/// `postgresql://USER[:PASSWORD]@HOST[:PORT][,HOST[:PORT]…]/DBNAME[?sslmode=…&target_session_attrs=…&connect_timeout=…]`.
///
/// Every part is percent-decoded (a password with `@`, `:` or `/` is written `%40`, `%3A`, `%2F`).
/// A host in brackets is an IPv6 address (`[::1]:5432`); a host that starts with `/` (written
/// `%2F…`) is the folder of a Unix socket. Several hosts are tried in order, as libpq does, until one
/// accepts the connection and matches `target_session_attrs`. The password is a `PostgresPassword`:
/// `description` leaves it out, so a URL can be printed and put in errors.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// One server to try.
    public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        /// A host name, an IP address, or (starting with `/`) the folder holding a Unix socket.
        public var host: String
        public var port: Int
        public init(host: String, port: Int = PostgresURL.defaultPort) { self.host = host; self.port = port }

        /// Whether `host` is a Unix-socket folder.
        public var isUnixSocket: Bool { host.hasPrefix("/") }
        /// The socket file, as PostgreSQL names it (`<folder>/.s.PGSQL.<port>`).
        public var unixSocketPath: String { "\(host)/.s.PGSQL.\(port)" }
        /// `host:port` (IPv6 in brackets), or the socket file: what errors name.
        public var description: String {
            if isUnixSocket { return unixSocketPath }
            return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// libpq's `target_session_attrs`: which of the hosts to settle on.
    public enum TargetSessionAttributes: String, Sendable, CaseIterable {
        case any
        case readWrite = "read-write"
        case readOnly = "read-only"
        case primary, standby
        case preferStandby = "prefer-standby"
    }

    public static let defaultPort = 5432
    /// The connect timeout when the URL sets none: libpq waits forever by default; GovBrain never does.
    public static let defaultConnectTimeoutSeconds = 10
    /// Where libpq (as Debian builds it) looks for the server's socket when the URL names no host.
    public static let defaultSocketFolder = "/var/run/postgresql"

    public var user: String
    public var password: PostgresPassword?
    /// The servers to try, in order (at least one).
    public var endpoints: [Endpoint]
    public var database: String
    public var sslMode: SSLMode
    public var targetSessionAttributes: TargetSessionAttributes
    /// Seconds to wait for each host before trying the next one.
    public var connectTimeoutSeconds: Int
    /// Shown in `pg_stat_activity` (`application_name`), "govbrain" by default.
    public var applicationName: String
    /// The schema (namespace) holding the store's tables, "govbrain" by default; set with
    /// libpq's `options=-csearch_path%3DNAME`, so that one database holds several stores.
    public var schema: String = PostgresURL.defaultSchema
    /// The store's schema when the URL names none.
    public static let defaultSchema = "govbrain"

    /// Whether `name` can be a store's schema: lower-case ASCII letters, digits and `_`, not
    /// starting with a digit, at most 63 bytes (PostgreSQL's limit; never quoted in SQL).
    public static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
    }

    public init(user: String, password: PostgresPassword? = nil, endpoints: [Endpoint], database: String,
                sslMode: SSLMode = .prefer, targetSessionAttributes: TargetSessionAttributes = .any,
                connectTimeoutSeconds: Int = PostgresURL.defaultConnectTimeoutSeconds, applicationName: String = "govbrain") {
        self.user = user; self.password = password; self.endpoints = endpoints; self.database = database
        self.sslMode = sslMode; self.targetSessionAttributes = targetSessionAttributes
        self.connectTimeoutSeconds = connectTimeoutSeconds; self.applicationName = applicationName
    }

    /// The URL without its password (the settings that differ from the defaults after `?`).
    public var description: String {
        var s = "postgresql://\(user)@" + endpoints.map { endpoint in
            if endpoint.isUnixSocket { return "\(endpoint.host):\(endpoint.port)" }
            return endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)"
        }.joined(separator: ",") + "/\(database)"
        var query: [String] = []
        if sslMode != .prefer { query.append("sslmode=\(sslMode.rawValue)") }
        if targetSessionAttributes != .any { query.append("target_session_attrs=\(targetSessionAttributes.rawValue)") }
        if connectTimeoutSeconds != Self.defaultConnectTimeoutSeconds { query.append("connect_timeout=\(connectTimeoutSeconds)") }
        if applicationName != "govbrain" { query.append("application_name=\(applicationName)") }
        if schema != Self.defaultSchema { query.append("options=-csearch_path%3D\(schema)") }
        if !query.isEmpty { s += "?" + query.joined(separator: "&") }
        return s
    }
}
