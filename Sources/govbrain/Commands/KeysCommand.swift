import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGAccess

/// `govbrain keys create|list|revoke`: the API keys of a database.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys (stored only as SHA-256 hashes).",
        discussion: """
        Roles: admin (everything, unmasked), analyst (read-only Cypher, algorithms, similarity, stats),
        hotline (routing, knowledge search, hotline stats), supervisor (risk, credit, alerts,
        inspection sampling, read-only Cypher), dashboard (aggregate statistics only).
        Example:
          govbrain keys create --db .govbrain/demo.sqlite --role supervisor --name market-bureau-nanning
          govbrain keys list --db .govbrain/demo.sqlite
          govbrain keys revoke --db .govbrain/demo.sqlite --id 3f9a0c1b2d4e
        """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; prints it once, alone on the last line.",
            discussion: "Example:\n  govbrain keys create --db .govbrain/demo.sqlite --role hotline --name hotline-desk-1")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "admin, analyst, hotline, supervisor or dashboard.") var role: String
        @Option(help: "What the key is for (1–64 characters).") var name: String

        func run() throws {
            try CLIFailure.run {
                let store = try AccessStore.open(at: database.db)
                let (record, key) = try store.createKey(role: try APIRole.parse(role), name: name)
                print("created \(record.role.rawValue) key '\(record.name)' (id \(record.id)); it is shown only now:")
                print(key)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the keys (id, role, name, created, revoked); never the keys themselves.",
            discussion: "Example:\n  govbrain keys list --db .govbrain/demo.sqlite --format json")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLIFailure.run {
                let keys = try AccessStore.open(at: database.db).listKeys()
                switch output.format {
                case .json:
                    print(JSONWriter.string(.array(keys.map { k in
                        .object([("id", .string(k.id)), ("name", .string(k.name)), ("role", .string(k.role.rawValue)),
                                 ("createdAt", .string(k.createdAt)), ("revokedAt", k.revokedAt.map(JSON.string) ?? .null)])
                    })))
                case .text:
                    print(TableFormatter.grid(columns: ["id", "role", "name", "created", "revoked"],
                                              rows: keys.map { [$0.id, $0.role.rawValue, $0.name, $0.createdAt, $0.revokedAt ?? ""] }))
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key by id (a running server stops accepting it within 5 seconds).",
            discussion: "Example:\n  govbrain keys revoke --db .govbrain/demo.sqlite --id 3f9a0c1b2d4e")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The key's id (as 'keys list' shows it).") var id: String

        func run() throws {
            try CLIFailure.run {
                let record = try AccessStore.open(at: database.db).revokeKey(id)
                print("revoked \(record.role.rawValue) key '\(record.name)' (id \(record.id)) at \(record.revokedAt ?? "")")
            }
        }
    }
}
