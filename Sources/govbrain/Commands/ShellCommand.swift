import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// `govbrain shell`: an interactive Cypher shell with multi-line statements (end with `;`),
/// history, timing, and tables that align Chinese text.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Interactive Cypher shell (statements end with ';', :help lists the commands).",
        discussion: """
        Examples:
          govbrain shell
          echo "MATCH (c:City) RETURN c.name LIMIT 3;" | govbrain shell --db .govbrain/demo.sqlite
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "History file (default: ~/.govbrain_history).") var history: String?

    static let help = """
    Statements end with ';' and may span lines. Commands:
      :help                 this text
      :schema               labels, relationship types, property keys and indexes in the database
      :explain QUERY        the plan without running it (estimated rows)
      :profile QUERY        run with actual rows per operator
      :params {json}        set parameters for later queries ($name), e.g. :params {"code": "450103"}
      :format table|json|csv
      :timing on|off        print the time per query (on by default)
      :history              the statements entered so far
      :quit                 leave (also Ctrl-D)
    """

    func run() throws {
        let kg: KnowledgeGraph
        do {
            if !KnowledgeGraph.databaseExists(database.db), database.db == KnowledgeGraph.defaultDatabasePath {
                _ = try DemoDatabaseBuilder.build(at: database.db)
            }
            kg = try database.open(.init(createIfMissing: true, schemaModeForNew: .off))
        } catch { throw CLIFailure.report(error) }
        let historyPath = history ?? (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.govbrain_history" })
        let editor = LineEditor(historyPath: historyPath)
        var session = Session(kg: kg)
        if editor.interactive {
            print("GovBrain \(GovBrainVersion.current) shell on \(database.shown). End statements with ';'. :help for commands.")
        }
        var buffer = ""
        while let line = editor.readLine(prompt: buffer.isEmpty ? "govbrain> " : "      ...> ") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if buffer.isEmpty && trimmed.hasPrefix(":") {
                editor.remember(trimmed)
                if !session.command(trimmed, editor: editor) { break }
                continue
            }
            buffer += (buffer.isEmpty ? "" : "\n") + line
            var statements = Session.split(buffer)
            buffer = statements.removeLast()
            for s in statements where !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                editor.remember(s)
                session.run(s, mode: nil)
            }
        }
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { session.run(buffer, mode: nil) }
        if editor.interactive { print("") }
        if session.failures > 0 && !editor.interactive { throw ExitCode(1) }
    }

    /// The state of one shell session.
    struct Session {
        let kg: KnowledgeGraph
        var parameters: [String: Value] = [:]
        var format = QueryCommand.Format.table
        var timing = true
        var failures = 0

        /// Splits text at top-level semicolons (not inside strings, quotes or comments); the
        /// last element is the unfinished rest.
        static func split(_ text: String) -> [String] {
            var out: [String] = []
            var current = ""
            var quote: Character?
            var previous: Character = " "
            var lineComment = false
            for c in text {
                if lineComment {
                    current.append(c)
                    if c == "\n" { lineComment = false }
                    continue
                }
                if let q = quote {
                    current.append(c)
                    if c == q && previous != "\\" { quote = nil }
                    previous = (previous == "\\" && c == "\\") ? " " : c
                    continue
                }
                if c == "/" && previous == "/" { lineComment = true }
                if c == "'" || c == "\"" || c == "`" { quote = c }
                if c == ";" { out.append(current); current = ""; previous = " "; continue }
                current.append(c)
                previous = c
            }
            out.append(current)
            return out
        }

        /// Handles a `:command`; false to leave the shell.
        mutating func command(_ line: String, editor: LineEditor) -> Bool {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            switch parts[0].lowercased() {
            case ":quit", ":exit", ":q": return false
            case ":help", ":h", ":?": print(ShellCommand.help)
            case ":schema":
                for (title, q) in [("Labels", "CALL db.labels() YIELD label RETURN label ORDER BY label"),
                                   ("Relationship types", "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY relationshipType"),
                                   ("Property keys", "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey"),
                                   ("Indexes", "CALL db.indexes() YIELD label, property RETURN label, property")] {
                    if let (_, rows) = try? kg.queryText(q) {
                        print("\(title): " + rows.map { $0.joined(separator: "(") + ($0.count > 1 ? ")" : "") }.joined(separator: ", "))
                    }
                }
            case ":explain": run(arg, mode: "EXPLAIN ")
            case ":profile": run(arg, mode: "PROFILE ")
            case ":params":
                do {
                    parameters = try WireFormat.decodeParameters(try JSONParser.parse(arg.isEmpty ? "{}" : arg))
                    print("parameters: " + parameters.keys.sorted().map { "$" + $0 }.joined(separator: ", "))
                } catch { report(error) }
            case ":format":
                if let f = QueryCommand.Format(rawValue: arg) { format = f } else { print("formats: table, json, csv") }
            case ":timing": timing = arg != "off"
            case ":history":
                for (k, h) in editor.history.enumerated() { print(String(format: "%4d  ", k + 1) + h) }
            default: print("unknown command \(parts[0]); :help lists the commands")
            }
            return true
        }

        mutating func run(_ statement: String, mode: String?) {
            let text = (mode ?? "") + statement
            let started = Date()
            do {
                switch format {
                case .json:
                    print(JSONWriter.string(try kg.queryDocument(text, parameters: parameters)))
                case .csv:
                    let (result, rows) = try kg.queryText(text, parameters: parameters)
                    print(CSVWriter.line(result.columns))
                    for r in rows { print(CSVWriter.line(r)) }
                case .table:
                    let (result, rows) = try kg.queryText(text, parameters: parameters)
                    var out = TableFormatter.render(columns: result.columns, rows: rows, result: result, seconds: Date().timeIntervalSince(started))
                    if !timing, let cut = out.range(of: " (", options: .backwards) { out = String(out[..<cut.lowerBound]) + "\n" }
                    print(out, terminator: "")
                }
            } catch {
                failures += 1
                report(error)
            }
        }

        private func report(_ error: Error) {
            if let c = error as? CypherError {
                print("\(c.type.rawValue) (\(c.code.rawValue)): \(c.message)")
                if let caret = c.caret { print(caret) }
            } else if let g = error as? any GovBrainError {
                print("\(g.code.rawValue): \(g.message)")
            } else {
                print("error: \(error)")
            }
        }
    }
}
