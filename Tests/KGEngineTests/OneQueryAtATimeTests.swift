import Foundation
import GovBrainTestSupport
import KGCore
@testable import KGEngine
@testable import KGStore
import Testing

/// A process that runs one query at a time (`govbrain query`) reads on the store's own
/// connection: the same rows, no reader connection opened, and queries that call procedures
/// (which may open transactions of their own) still read through a reader.
struct OneQueryAtATimeTests {
    static func rows(_ kg: KnowledgeGraph, _ text: String) throws -> [[Value]] {
        var rows: [[Value]] = []
        try kg.query(text) { row, _ in rows.append(row) }
        return rows
    }

    @Test(arguments: TestBackend.all) func readsOnTheStoreConnectionGiveTheSameRows(_ backend: TestBackend) throws {
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }
        let shared = try KnowledgeGraph.open(path: try site.location(), options: .init(createIfMissing: true, schemaModeForNew: .off))
        for statement in ExpansionBatchingTests.setup { try shared.query(statement) { _, _ in } }
        // On PostgreSQL every expansion is a round trip and this synchronous test holds a thread of the
        // shared cooperative pool all the while (a minute for the whole list): a few queries there.
        let queries = backend == .sqlite ? CSRExpansionTests.queries : Array(CSRExpansionTests.queries.prefix(4))
        let expected = try queries.map { try Self.rows(shared, $0) }

        let single = try KnowledgeGraph.open(path: try site.location(), options: .init(oneQueryAtATime: true))
        for (k, text) in queries.enumerated() {
            #expect(try Self.rows(single, text) == expected[k], "\(text)")
        }
        #expect(single.store.readersOpened == 0, "plain reads opened no reader connection")
        // A procedure call reads through a reader, as in a server; a write, then a read, see each other.
        #expect(try !Self.rows(single, "CALL db.labels() YIELD label RETURN label").isEmpty)
        #expect(single.store.readersOpened == 1)
        try single.query("CREATE (:Fresh {k: 1})") { _, _ in }
        #expect(try Self.rows(single, "MATCH (f:Fresh) RETURN f.k") == [[.int(1)]])
    }
}
