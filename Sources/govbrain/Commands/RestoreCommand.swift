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
        Example:
          govbrain restore --db .govbrain/demo.sqlite --from /var/backups/govbrain-2026-11-28.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup to restore.") var from: String

    func run() throws {
        try CLIFailure.run {
            let report = try KnowledgeGraph.restore(backup: from, to: database.db)
            print(String(format: "restored %@ from %@ (%.1f MB)", database.db, from, Double(report.bytes) / 1_048_576))
        }
    }
}
