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
        abstract: "Copy a database while it is in use (SQLite online backup, or a PostgreSQL snapshot) into a checked file.",
        discussion: """
        The copy is one consistent snapshot; writes that land during the copy are not in it. It is
        checked (PRAGMA integrity_check) and never overwrites an existing file. A PostgreSQL store
        (--db postgresql://…) is copied row by row into the same kind of SQLite file, which
        `govbrain restore` loads into PostgreSQL or uses as a database file.
        Example:
          govbrain backup --db .govbrain/demo.sqlite --out /var/backups/govbrain-2026-11-28.sqlite
          govbrain backup --db 'postgresql://govbrain@db1/govbrain' --out /var/backups/govbrain-pg.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to write (must not exist).") var out: String

    func run() throws {
        try CLIFailure.run {
            let report = try KnowledgeGraph.backup(database: database.db, to: out)
            let shown = try KnowledgeGraph.displayName(database: database.db)
            let copied = report.rows > 0 || report.pages == 0 ? "\(report.rows) rows" : "\(report.pages) pages"
            print(String(format: "backed up %@ to %@: %@, %.1f MB in %.2f s", shown, out, copied,
                         Double(report.bytes) / 1_048_576, report.seconds))
        }
    }
}
