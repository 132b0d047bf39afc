import ArgumentParser
import Foundation
import KGCore
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine
import KGML

/// `govbrain route`: routes hotline work orders with the promoted routing model.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Route hotline texts: intent, department, region, office, confidence, similar cases and a suggested answer.",
        discussion: """
        One text with --text (and optionally --address), or many with --input: JSON Lines {"id": …, "text": …, "address": …}
        in, one JSON line per input out, in order; a bad line gets {"id": …, "error": {"code", "message"}} and the rest go on.
        The model is the promoted version of Models/routing (see `govbrain model list routing`).
        Examples:
          govbrain route --text "青秀区凤岭北路这边停水两天了，什么时候恢复供水？"
          govbrain route --text "工地半夜还在打桩" --address "南宁市兴宁区" --format json
          govbrain route --input complaints.jsonl --output routed.jsonl
          govbrain route --input Datasets/hotline/test.jsonl --output /tmp/routed.jsonl --timing
        """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The complaint or request text.") var text: String?
    @Option(help: "With --text: the caller's address or region.") var address: String?
    @Option(help: "JSON Lines file of work orders to route.") var input: String?
    @Option(help: "With --input: write the results here (default: standard output).") var output: String?
    @Option(help: "Models folder (default: the project's Models/).") var models: String?
    @Option(help: "Model version (default: the promoted one).") var version: String?
    @Option(help: "text or json (for --text).") var format: TextOrJSON = .text
    @Flag(help: "With --input: route one line at a time on one thread and print per-text latency (p50, p99 in ms) as JSON to standard error.")
    var timing = false

    func validate() throws {
        guard (text == nil) != (input == nil) else { throw ValidationError("give exactly one of --text or --input") }
        if input != nil && address != nil { throw ValidationError("--address goes with --text; in --input files put \"address\" on each line") }
        if output != nil && input == nil { throw ValidationError("--output goes with --input") }
        if timing && input == nil { throw ValidationError("--timing goes with --input") }
    }

    func run() throws {
        try CLIFailure.run {
            guard KnowledgeGraph.databaseExists(database.db) else {
                throw EngineError(code: .databaseMissing, message: "no database at \(database.shown); build one with `govbrain demo build`")
            }
            let graph = try database.open(.init(readOnly: true))
            let router = try HotlineRouter(graph: graph, models: try models ?? ResourceLocator.modelsPath(), version: version)
            if let text {
                let routing = try router.route(text: text, address: address)
                switch format {
                case .json: try Printer.json(routing)
                case .text: print(Self.describe(routing, router: router))
                }
                return
            }
            try routeFile(input!, router: router)
        }
    }

    private func routeFile(_ path: String, router: HotlineRouter) throws {
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read \(path): \(error.localizedDescription)")
        }
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty }
        let numbered = lines.map { ($0.offset + 1, String($0.element)) }
        let results: [String]
        if timing {
            // One thread, one text at a time: the latency a single routing call has.
            var nanos: [UInt64] = []
            var out: [String] = []
            for (number, line) in numbered {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let json = RoutingLines.route(line: line, number: number, router: router)
                nanos.append(DispatchTime.now().uptimeNanoseconds - t0)
                out.append(JSONWriter.string(json))
            }
            results = out
            LatencySummary.report(nanoseconds: nanos)
        } else {
            results = ParallelMap.map(numbered) { number, line in JSONWriter.string(RoutingLines.route(line: line, number: number, router: router)) }
        }
        let text = results.joined(separator: "\n") + (results.isEmpty ? "" : "\n")
        if let output {
            do { try AtomicFile.write(Data(text.utf8), to: output) } catch {
                throw EngineError(code: .pathNotWritable, message: "cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static func describe(_ r: HotlineRouting, router: HotlineRouter) -> String {
        var lines = [String(format: "intent      %@ (%.1f %%)", r.alternatives[0].intent, r.alternatives[0].probability * 100)]
        lines.append("alternatives " + r.alternatives.dropFirst().map { String(format: "%@ %.1f %%", $0.intent, $0.probability * 100) }.joined(separator: ", "))
        lines.append(String(format: "department  %@ (confidence %.3f%@)", r.department, r.confidence, r.outOfDistribution ? ", needs a person: unlike anything the model knows" : r.needsHuman ? ", needs a person" : ", automatic"))
        if let p = r.place, let region = router.places.region(p.adcode) {
            lines.append("place       \(region.name) \(p.adcode) (named \"\(p.surface)\")")
        } else {
            lines.append("place       none named")
        }
        lines.append("office      " + (r.office.map { "\($0.name) (\($0.code))" } ?? "—"))
        for c in r.similarCases {
            lines.append(String(format: "similar     %@ %.3f %@ → %@: %@", c.record.code, c.score, c.record.intent ?? "?", c.record.office?.name ?? "?",
                                String(c.record.text.prefix(40))))
        }
        if let a = r.answer { lines.append("answer      \(a.entry.answer)") }
        for p in r.relatedPolicies { lines.append("policy      \(p.entry.answer.prefix(60))…") }
        lines.append("model       routing \(r.modelVersion)")
        return lines.joined(separator: "\n")
    }
}
