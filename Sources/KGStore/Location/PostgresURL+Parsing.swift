import Foundation
import KGCore

extension PostgresURL {
    /// Parses a `postgresql://` or `postgres://` URL (see the type's documentation).
    ///
    /// Query parameters other than `sslmode`, `target_session_attrs`, `connect_timeout` and
    /// `application_name` are refused by name, as libpq refuses unknown ones. `connect_timeout` must
    /// be a positive whole number of seconds (libpq's 0, "wait forever", is refused: a store never
    /// hangs on an unreachable server).
    /// - Throws: `StoreError` (`InvalidDatabaseURL`) naming the part that is wrong; the password
    ///   never appears in it.
    public init(parsing text: String) throws {
        guard let schemeEnd = text.range(of: "://") else { throw Self.invalid("it must start with postgresql://") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgresql" || scheme == "postgres" else { throw Self.invalid("the scheme must be postgresql:// or postgres://") }
        var rest = Substring(text[schemeEnd.upperBound...])

        var queryText: Substring?
        if let q = rest.firstIndex(of: "?") { queryText = rest[rest.index(after: q)...]; rest = rest[..<q] }
        var databaseText: Substring?
        if let slash = rest.firstIndex(of: "/") { databaseText = rest[rest.index(after: slash)...]; rest = rest[..<slash] }
        // The user part ends at the last "@" of the authority (an unescaped "@" in a password then still parses).
        var userText: Substring?, passwordText: Substring?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                userText = info[..<colon]; passwordText = info[info.index(after: colon)...]
            } else {
                userText = info
            }
        }

        let user = try Self.decode(userText ?? "", part: "the user name")
        guard !user.isEmpty else { throw Self.invalid("it names no user; write postgresql://USER@HOST/DBNAME") }
        let password = try passwordText.map { PostgresPassword(try Self.decode($0, part: "the password", quote: false)) }
        let endpoints = try Self.parseHosts(rest)
        let database = try Self.decode(databaseText ?? "", part: "the database name")
        guard !database.isEmpty else { throw Self.invalid("it names no database; write postgresql://USER@HOST/DBNAME") }
        self.init(user: user, password: password, endpoints: endpoints, database: database)
        if let queryText { try applyQuery(queryText) }
    }

    private mutating func applyQuery(_ query: Substring) throws {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let eq = pair.firstIndex(of: "=") else { throw Self.invalid("query parameter '\(pair)' has no value (write name=value)") }
            let name = try Self.decode(pair[..<eq], part: "a query parameter name")
            let value = try Self.decode(pair[pair.index(after: eq)...], part: "the value of \(name)")
            switch name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw Self.invalid("sslmode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "target_session_attrs":
                guard let attrs = TargetSessionAttributes(rawValue: value) else {
                    throw Self.invalid("target_session_attrs '\(value)' is not one of \(TargetSessionAttributes.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                targetSessionAttributes = attrs
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw Self.invalid("connect_timeout '\(value)' must be a positive whole number of seconds")
                }
                connectTimeoutSeconds = seconds
            case "application_name":
                applicationName = value
            case "options":
                schema = try Self.schemaOption(value)
            default:
                throw Self.invalid("unsupported query parameter '\(name)' (GovBrain reads sslmode, target_session_attrs, connect_timeout, application_name and options=-csearch_path%3DSCHEMA)")
            }
        }
    }

    /// The schema named by libpq's `options` value `-csearch_path=NAME` (or `-c search_path=NAME`),
    /// the only run-time option GovBrain reads.
    private static func schemaOption(_ value: String) throws -> String {
        var rest = Substring(value)
        guard rest.hasPrefix("-c") else {
            throw invalid("options '\(value)' is not supported; GovBrain reads options=-csearch_path%3DSCHEMA (the store's schema)")
        }
        rest = rest.dropFirst(2).drop(while: { $0 == " " })
        guard rest.hasPrefix("search_path=") else {
            throw invalid("options '\(value)' is not supported; GovBrain reads options=-csearch_path%3DSCHEMA (the store's schema)")
        }
        let name = String(rest.dropFirst("search_path=".count))
        guard PostgresURL.isValidSchemaName(name) else {
            throw invalid("the schema '\(name)' in options must be lower-case letters, digits and _, not starting with a digit, at most 63 bytes")
        }
        return name
    }

    /// `host[:port]` items separated by commas; an empty list means the default socket folder.
    private static func parseHosts(_ text: Substring) throws -> [Endpoint] {
        if text.isEmpty { return [Endpoint(host: defaultSocketFolder)] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { item in
            var hostText = item, portText: Substring?
            if item.hasPrefix("[") {
                guard let close = item.firstIndex(of: "]") else { throw invalid("host '\(item)' opens '[' without closing it") }
                hostText = item[item.index(after: item.startIndex)..<close]
                let after = item[item.index(after: close)...]
                if !after.isEmpty {
                    guard after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address in '\(item)'") }
                    portText = after.dropFirst()
                }
            } else if let colon = item.lastIndex(of: ":") {
                hostText = item[..<colon]; portText = item[item.index(after: colon)...]
            }
            let host = try decode(hostText, part: "a host name")
            guard !host.isEmpty else { throw invalid("an empty host in the host list '\(text)'") }
            var port = defaultPort
            if let portText {
                guard let p = Int(portText), (1...65535).contains(p) else {
                    throw invalid("port '\(portText)' of host \(host) is not a number from 1 to 65535")
                }
                port = p
            }
            return Endpoint(host: host, port: port)
        }
    }

    /// Percent-decodes one part; `quote: false` keeps the text out of the message (the password).
    private static func decode(_ text: Substring, part: String, quote: Bool = true) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw invalid("\(part)\(quote ? " '\(text)'" : "") has a malformed percent-escape (write %XX with two hex digits)")
        }
        return decoded
    }

    private static func invalid(_ what: String) -> StoreError {
        StoreError(code: .invalidDatabaseURL, message: "--db: the PostgreSQL URL is malformed: \(what). The form is postgresql://USER[:PASSWORD]@HOST[:PORT][,HOST[:PORT]…]/DBNAME[?sslmode=…&target_session_attrs=…&connect_timeout=…]")
    }
}
