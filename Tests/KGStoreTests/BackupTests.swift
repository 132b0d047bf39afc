import Foundation
import Testing
import KGCore
@testable import KGStore

/// Online backup and restore of a database in use.
@Suite struct BackupTests {
    func store(_ dir: TempDir) throws -> GraphStore {
        let graph = try Fixtures.open(dir.path("g.sqlite"))
        _ = try GraphImporter.run(store: graph, files: try Fixtures.writeValidCSV(in: dir), options: .init(), schema: Fixtures.schema)
        return graph
    }

    @Test func onlineBackupAndRestore() throws {
        let dir = try TempDir()
        let graph = try store(dir)
        let before = try graph.statistics().nodeCount
        let report = try StoreBackup.backup(from: dir.path("g.sqlite"), to: dir.path("backup.sqlite"))
        #expect(report.pages > 0 && report.bytes > 0)
        // Keys' hashes, webhook secrets and the audit log are in it: owner only, whatever the umask.
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: dir.path("backup.sqlite"))[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        #expect(throws: StoreError.self) { try StoreBackup.backup(from: dir.path("g.sqlite"), to: dir.path("backup.sqlite")) }
        let copy = try GraphStore.open(at: dir.path("backup.sqlite"))
        #expect(try copy.statistics().nodeCount == before && copy.integrityCheck() == ["ok"])
        // Restore over a damaged database; a file that is not a store is refused.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: dir.path("broken.sqlite")))
        #expect(throws: StoreError.self) { try StoreBackup.restore(from: dir.path("broken.sqlite"), to: dir.path("target.sqlite")) }
        _ = try StoreBackup.restore(from: dir.path("backup.sqlite"), to: dir.path("target.sqlite"))
        #expect(try GraphStore.open(at: dir.path("target.sqlite")).statistics().nodeCount == before)
    }
}
