import ArgumentParser
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain schema`: the ontology as text or JSON.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the ontology: classes, relationship types (domain → range), properties with types, keys.",
        discussion: "Example:\n  govbrain schema --format json")

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            let schema = try KnowledgeGraph.loadSchema()
            print(output.format == .json ? JSONWriter.string(SchemaPrinter.json(schema)) : SchemaPrinter.text(schema), terminator: output.format == .json ? "\n" : "")
        }
    }
}
