import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain backup`: an online copy of a database, safe while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a database while it is in use (SQLite online backup), checked before it is kept.",
        discussion: """
        The copy is one consistent snapshot; writes that land during the copy are not in it. It is
        checked (PRAGMA integrity_check) and never overwrites an existing file.
        Example:
          govbrain backup --db .govbrain/demo.sqlite --out /var/backups/govbrain-2026-11-28.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to write (must not exist).") var out: String

    func run() throws {
        try CLIFailure.run {
            let report = try KnowledgeGraph.backup(database: database.db, to: out)
            print(String(format: "backed up %@ to %@: %d pages, %.1f MB in %.2f s", database.db, out, report.pages,
                         Double(report.bytes) / 1_048_576, report.seconds))
        }
    }
}
