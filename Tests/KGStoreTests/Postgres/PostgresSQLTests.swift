import KGCore
import Testing
@testable import KGStore

/// The PostgreSQL spelling of the store's SQL, without a server: parameters, the dialect, the
/// schema option of the URL.
struct PostgresSQLTests {
    @Test func questionMarksBecomeNumberedParametersOutsideQuotesAndBodies() {
        let r = PostgresParameters.rewrite("SELECT a FROM t WHERE a = ? AND b = '?' AND \"c?\" = ? -- why?\nAND d IN (?) AND f = $$ ? $$")
        #expect(r.sql == "SELECT a FROM t WHERE a = $1 AND b = '?' AND \"c?\" = $2 -- why?\nAND d IN ($3) AND f = $$ ? $$")
        #expect(r.count == 3)
        let none = PostgresParameters.rewrite("SELECT value FROM meta WHERE key = $1")
        #expect(none.sql == "SELECT value FROM meta WHERE key = $1" && none.count == 0)
        #expect(PostgresParameters.rewrite("SELECT 'it''s ?', ?").sql == "SELECT 'it''s ?', $1")
    }

    @Test func postgresDialectSpellsListsIndexesAndArguments() {
        let pg = SQLDialect.postgres
        #expect(pg.inList("src", count: 3) == "src = ANY(?)")
        #expect(pg.inListArguments([3, 1, 2]) == [.int64Array([3, 1, 2])])
        #expect(pg.labelList("label") == "string_agg(label::text, ',')")
        #expect(pg.propertyIndexExpression("name", props: "n.props") == "json_scalar(n.props, 'name')")
        #expect(pg.propertyIndexParameter == "?::jsonb" && SQLDialect.sqlite.propertyIndexParameter == "?")
        #expect(pg.propertyIndexArgument(.int(42)) == .text("42"))
        #expect(pg.propertyIndexArgument(.bool(true)) == .text("1"))
        #expect(pg.propertyIndexArgument(.double(2.5)) == .text("2.5"))
        #expect(pg.propertyIndexArgument(.string("a\"b\\c\n\u{1}")) == .text("\"a\\\"b\\\\c\\n\\u0001\""))
        #expect(pg.propertyIndexArgument(.double(.nan)) == nil)
        #expect(pg.propertyIndexArgument(.null) == nil)
        // SQLite keeps its arguments.
        #expect(SQLDialect.sqlite.propertyIndexArgument(.bool(true)) == .int(1))
    }

    @Test func propertyIndexNamesFitPostgresLimit() {
        let pg = SQLDialect.postgres
        #expect(pg.propertyIndexName("name") == SQLDialect.sqlite.propertyIndexName("name"))
        let long1 = String(repeating: "x", count: 40) + "a", long2 = String(repeating: "x", count: 40) + "b"
        let n1 = pg.propertyIndexName(long1), n2 = pg.propertyIndexName(long2)
        #expect(n1.utf8.count == 58 && n2.utf8.count == 58 && n1 != n2, "\(n1) \(n2)")
        #expect(pg.propertyIndexName(long1) == n1)
        #expect(pg.propertyIndexName(String(repeating: "负", count: 30)).utf8.count <= 63)
        #expect(SQLDialect.sqlite.propertyIndexName(long1).utf8.count == 5 + 82)
    }

    @Test func urlOptionsNameTheSchema() throws {
        let url = try PostgresURL(parsing: "postgresql://u:p@h/db?options=-csearch_path%3Dstore_a")
        #expect(url.schema == "store_a")
        #expect(url.description == "postgresql://u@h:5432/db?options=-csearch_path%3Dstore_a")
        #expect(try PostgresURL(parsing: url.description).schema == "store_a")
        #expect(try PostgresURL(parsing: "postgresql://u@h/db").schema == "govbrain")
        #expect(try PostgresURL(parsing: "postgresql://u@h/db?options=-c%20search_path%3Db2").schema == "b2")
        for bad in ["options=-csearch_path%3DBad", "options=-cwork_mem%3D1MB", "options=-csearch_path%3D1x", "options=x"] {
            let error = try #require(throws: StoreError.self) { try PostgresURL(parsing: "postgresql://u@h/db?\(bad)") }
            #expect(error.code == .invalidDatabaseURL, "\(bad)")
        }
    }
}
