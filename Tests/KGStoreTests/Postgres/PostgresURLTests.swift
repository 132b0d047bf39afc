import Foundation
import KGCore
import Testing
@testable import KGStore

/// `--db` values: SQLite paths stay paths; PostgreSQL URLs parse in libpq's form; the password
/// never shows in a description, a debug description, a dump or an error.
@Suite struct PostgresURLTests {
    @Test func pathsStayPaths() throws {
        for path in [".govbrain/demo.sqlite", "/tmp/g.sqlite", "g", "./odd://name.sqlite", "postgresql"] {
            #expect(try StoreLocation.parse(path) == .sqliteFile(path: path))
        }
    }

    @Test func fullURL() throws {
        let url = try PostgresURL(parsing: "postgresql://gov%20user:p%40ss%3Aw%2Frd@db1.example.org:5433,10.0.0.2,[::1]:6000/graph%2Ddb?sslmode=require&target_session_attrs=read-write&connect_timeout=3&application_name=api")
        #expect(url.user == "gov user")
        #expect(url.password?.revealed == "p@ss:w/rd")
        #expect(url.endpoints == [.init(host: "db1.example.org", port: 5433), .init(host: "10.0.0.2", port: 5432), .init(host: "::1", port: 6000)])
        #expect(url.database == "graph-db")
        #expect(url.sslMode == .require)
        #expect(url.targetSessionAttributes == .readWrite)
        #expect(url.connectTimeoutSeconds == 3)
        #expect(url.applicationName == "api")
        #expect(url.description == "postgresql://gov user@db1.example.org:5433,10.0.0.2:5432,[::1]:6000/graph-db?sslmode=require&target_session_attrs=read-write&connect_timeout=3&application_name=api")
        #expect(url.endpoints[2].description == "[::1]:6000")
    }

    @Test func defaultsAndSchemes() throws {
        for text in ["postgres://u@h/d", "POSTGRESQL://u@h/d", "postgresql://u@h/d?"] {
            guard case .postgres(let url) = try StoreLocation.parse(text) else { Issue.record("\(text) is not a PostgreSQL URL"); continue }
            #expect(url.user == "u" && url.password == nil && url.database == "d")
            #expect(url.endpoints == [.init(host: "h", port: 5432)])
            #expect(url.sslMode == .prefer && url.targetSessionAttributes == .any)
            #expect(url.connectTimeoutSeconds == PostgresURL.defaultConnectTimeoutSeconds)
        }
    }

    @Test func unixSockets() throws {
        let url = try PostgresURL(parsing: "postgresql://u:pw@%2Ftmp%2Fpg:5444/d")
        #expect(url.endpoints == [.init(host: "/tmp/pg", port: 5444)])
        #expect(url.endpoints[0].isUnixSocket)
        #expect(url.endpoints[0].unixSocketPath == "/tmp/pg/.s.PGSQL.5444")
        let noHost = try PostgresURL(parsing: "postgresql://u@/d")
        #expect(noHost.endpoints == [.init(host: PostgresURL.defaultSocketFolder, port: 5432)])
    }

    @Test func passwordNeverShows() throws {
        let secret = "Sup3rS3cret"
        let url = try PostgresURL(parsing: "postgresql://u:\(secret)@h:1/d")
        #expect(url.password?.revealed == secret)
        var dumped = ""
        dump(url, to: &dumped)
        for shown in [url.description, String(describing: url), String(reflecting: url), "\(url)", dumped,
                      try StoreLocation.parse("postgresql://u:\(secret)@h:1/d").description] {
            #expect(!shown.contains(secret), "password shown in: \(shown.replacingOccurrences(of: secret, with: "<SECRET>"))")
        }
    }

    @Test(arguments: [
        ("postgresql://h/d", "no user"),
        ("postgresql://u@h", "no database"),
        ("postgresql://u@h:0/d", "port '0'"),
        ("postgresql://u@h:99999/d", "port '99999'"),
        ("postgresql://u@h:x/d", "port 'x'"),
        ("postgresql://u@h1,,h2/d", "empty host"),
        ("postgresql://u@[::1/d", "without closing"),
        ("postgresql://u@h/d?sslmode=maybe", "sslmode 'maybe'"),
        ("postgresql://u@h/d?target_session_attrs=fast", "target_session_attrs 'fast'"),
        ("postgresql://u@h/d?connect_timeout=0", "connect_timeout '0'"),
        ("postgresql://u@h/d?connect_timeout=-1", "connect_timeout '-1'"),
        ("postgresql://u@h/d?options=-c%20x", "options '-c x' is not supported"),
        ("postgresql://u@h/d?sslmode", "has no value"),
        ("postgresql://u%zz@h/d", "malformed percent-escape"),
        ("mysql://u@h/d", "unsupported URL scheme 'mysql://'"),
    ])
    func malformed(text: String, expected: String) throws {
        let error = try #require(throws: StoreError.self) { try StoreLocation.parse(text) }
        #expect(error.code == .invalidDatabaseURL)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test func malformedPasswordIsNotQuoted() throws {
        let error = try #require(throws: StoreError.self) { try PostgresURL(parsing: "postgresql://u:se%ZZcret@h/d") }
        #expect(error.message.contains("the password has a malformed percent-escape"))
        #expect(!error.message.contains("se%ZZcret") && !error.message.contains("cret"))
    }

    @Test func graphStoreOpensURLsWithoutTouchingFiles() throws {
        let folder = FileManager.default.currentDirectoryPath
        let before = try FileManager.default.contentsOfDirectory(atPath: folder)
        let error = try #require(throws: StoreError.self) {
            try GraphStore.open(at: "postgresql://u:hunter2@127.0.0.1:1/d", options: .init(createIfMissing: true))
        }
        #expect(error.code == .databaseUnreachable && error.message.contains("127.0.0.1:1") && !error.message.contains("hunter2"), "\(error.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == before)
        // Commands that keep files beside the store still refuse a URL before opening anything.
        let refused = try #require(throws: StoreError.self) { try GraphStore.checkLocation("postgresql://u:hunter2@127.0.0.1:1/d") }
        #expect(refused.code == .unsupportedDatabaseServer)
        #expect(refused.message.contains("postgresql://u@127.0.0.1:1/d") && !refused.message.contains("hunter2"))
        try GraphStore.checkLocation("postgresql://u:hunter2@127.0.0.1:1/d", allowPostgres: true)
    }
}

/// The statement splitter `PostgresStoreConnection.execute` uses.
@Suite struct PostgresStatementSplitTests {
    @Test func splitsOutsideLiteralsAndDollarBodies() {
        let sql = "CREATE TABLE a(x text); INSERT INTO a VALUES('x;y''z');\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a;b'; END $$;  \n"
        #expect(PostgresStoreConnection.statements(sql) == [
            "CREATE TABLE a(x text)", " INSERT INTO a VALUES('x;y''z')",
            "\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a;b'; END $$",
        ])
        #expect(PostgresStoreConnection.statements(" ; ;") == [])
    }
}
