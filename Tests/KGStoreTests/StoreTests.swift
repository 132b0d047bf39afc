import Foundation
import GovBrainTestSupport
import Testing
import KGCore
@testable import KGStore

@Suite struct StoreTests {
    @Test func refusesFilesThatAreNotGovBrainStores() throws {
        let dir = try TempDir()
        let text = try dir.write("notes.sqlite", "this is not a database, just some text that is long enough to have a header......")
        #expect { try GraphStore.open(at: text) } throws: { ($0 as? StoreError)?.code == .notADatabase }
        #expect(try String(contentsOfFile: text, encoding: .utf8).hasPrefix("this is not"))
        #expect { try GraphStore.open(at: dir.path("missing.sqlite")) } throws: { ($0 as? StoreError)?.code == .databaseMissing }
        #expect { try GraphStore.open(at: dir.path("no/such/folder/g.sqlite"), options: .init(createIfMissing: true)) } throws: {
            ($0 as? StoreError)?.code == .pathNotWritable
        }
        #expect { try GraphStore.open(at: dir.url.path) } throws: { ($0 as? StoreError)?.code == .pathNotWritable }
    }

    @Test func refusesNewerFormatsAndMigratesOlderOnes() throws {
        let dir = try TempDir()
        let path = dir.path("g.sqlite")
        do {
            let store = try Fixtures.open(path)
            _ = try GraphImporter.run(store: store, files: try Fixtures.writeValidCSV(in: dir), options: .init(), schema: Fixtures.schema)
            try store.setMeta("format_version", "99")
        }
        #expect { try GraphStore.open(at: path) } throws: { ($0 as? StoreError)?.code == .newerFormat && "\($0)".contains("Upgrade") }
        do {
            // Turn it into a format-0 store: no key table, no property-key catalogue.
            let store = try? GraphStore.open(at: path)
            #expect(store == nil)
            let conn = try SQLiteConnection(path: path, readOnly: false, create: false)
            try conn.execute("DROP TABLE node_keys; DROP TABLE property_keys; UPDATE meta SET value = '0' WHERE key = 'format_version'")
        }
        let migrated = try GraphStore.open(at: path)
        #expect(try migrated.meta("format_version") == String(GraphStore.formatVersion))
        #expect(try migrated.statistics().nodeCount == 3)
    }

    @Test func aFormat3StoreIsReadAsItIsAndMigratedByAWriter() throws {
        let dir = try TempDir()
        let path = dir.path("g.sqlite")
        _ = try GraphImporter.run(store: try Fixtures.open(path), files: try Fixtures.writeValidCSV(in: dir), options: .init(), schema: Fixtures.schema)
        do {
            let conn = try SQLiteConnection(path: path, readOnly: false, create: false)
            try conn.execute("DROP TABLE webhook_deliveries; DROP TABLE webhooks; UPDATE meta SET value = '3' WHERE key = 'format_version'")
        }
        let reader = try GraphStore.open(at: path, options: .init(readOnly: true))
        #expect(try reader.statistics().nodeCount == 3)
        #expect(try reader.meta("format_version") == "3", "a reader leaves the file as it is")
        let writer = try GraphStore.open(at: path)
        #expect(try writer.meta("format_version") == String(GraphStore.formatVersion))
        let conn = try SQLiteConnection(path: path, readOnly: true, create: false)
        #expect(try conn.rows("SELECT name FROM sqlite_master WHERE name IN ('webhooks', 'webhook_deliveries') ORDER BY name").count == 2)
    }

    @Test(arguments: TestBackend.all)
    func readOnlyStoresRefuseWrites(_ backend: TestBackend) throws {
        let dir = try TempDir()
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        _ = try GraphImporter.run(store: try site.open(), files: try Fixtures.writeValidCSV(in: dir), options: .init(), schema: Fixtures.schema)
        let ro = try site.open(create: false, readOnly: true)
        #expect(try ro.statistics().nodeCount == 3)
        let more = try dir.write("more.csv", "adcode:ID(Region),name,:LABEL\n450102,兴宁区,Region\n")
        #expect { try GraphImporter.run(store: ro, files: [more], options: .init(), schema: Fixtures.schema) } throws: {
            ($0 as? StoreError)?.code == .pathNotWritable
        }
    }

    @Test(arguments: TestBackend.all)
    func idsAreStableAndNeverReused(_ backend: TestBackend) throws {
        let dir = try TempDir()
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        let a = try dir.write("a.csv", ":ID,:LABEL\nx,A\ny,A\n")
        _ = try GraphImporter.run(store: store, files: [a], options: .init(), schema: Fixtures.schema)
        let yID = try store.nodeID(external: ExternalID(space: "", id: "y"))
        let y = try #require(yID)
        let bad = try dir.write("b.csv", ":ID,:LABEL\nz,A\nz,A\n")
        _ = try? GraphImporter.run(store: store, files: [bad], options: .init(), schema: Fixtures.schema)
        let c = try dir.write("c.csv", ":ID,:LABEL\nz,A\n")
        _ = try GraphImporter.run(store: store, files: [c], options: .init(), schema: Fixtures.schema)
        #expect(try store.nodeID(external: ExternalID(space: "", id: "y")) == y)
        #expect(try store.nodeID(external: ExternalID(space: "", id: "z")) == y + 1)
    }

    @Test(arguments: TestBackend.all)
    func snapshotFollowsCommittedWrites(_ backend: TestBackend) throws {
        let dir = try TempDir()
        let site = try TestStoreSite(backend)
        defer { withExtendedLifetime(site) {} }   // the site removes its stores when released
        let store = try site.open(mode: .off)
        _ = try GraphImporter.run(store: store, files: [try dir.write("e.csv", "src,dst\n1,2\n1,3\n")], options: .init(), schema: Fixtures.schema)
        let first = try store.csrSnapshot()
        #expect(first.relationshipCount == 2)
        let oneID = try store.nodeID(external: ExternalID(space: "", id: "1"))
        let oneNode = try #require(oneID)
        let one = try #require(first.index(of: oneNode))
        #expect(first.outDegree(one) == 2)
        _ = try GraphImporter.run(store: store, files: [try dir.write("f.csv", "src,dst\n3,1\n")], options: .init(), schema: Fixtures.schema)
        let second = try store.csrSnapshot()
        #expect(second.graphVersion > first.graphVersion)
        #expect(second.relationshipCount == 3)
        #expect(second.inDegree(one) == 1)
    }
}
