import ArgumentParser
import Foundation
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain restore`: puts a backup in place of a database.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace a database with a backup (checked first; stop the server using it before).",
        discussion: """
        Into PostgreSQL (--db postgresql://…) the backup replaces the store in the URL's schema in
        one transaction (a failed restore leaves it as it was); servers on it see the new graph.
        Example:
          govbrain restore --db .govbrain/demo.sqlite --from /var/backups/govbrain-2026-11-28.sqlite
          govbrain restore --db 'postgresql://govbrain@db1/govbrain' --from /var/backups/govbrain-pg.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup to restore.") var from: String

    func run() throws {
        try CLIFailure.run {
            let report = try KnowledgeGraph.restore(backup: from, to: database.db)
            let shown = try KnowledgeGraph.displayName(database: database.db)
            let rows = report.rows > 0 ? ", \(report.rows) rows" : ""
            print(String(format: "restored %@ from %@ (%.1f MB%@) in %.2f s", shown, from, Double(report.bytes) / 1_048_576, rows, report.seconds))
        }
    }
}
