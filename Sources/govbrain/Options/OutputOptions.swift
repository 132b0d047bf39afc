import ArgumentParser

/// `--format text|json`: how a command prints its answer.
struct OutputOptions: ParsableArguments {
    @Option(help: "text or json.") var format: TextOrJSON = .text
}

/// Output formats shared by the commands that print tables or documents.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }
