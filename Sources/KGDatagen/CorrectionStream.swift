import Foundation
import KGCore

/// A stream of agents' corrections on phrasing the routing model was not trained on: texts worded
/// only with the phrasings the corpus keeps out of its training split (the last two of each intent),
/// labelled with their true intent as an agent re-routing them would, in the order they arrive; and a
/// separate evaluation set of the same new phrasing (its own random stream), for the learning curve
/// of `govbrain model train routing --corrections-file`.
public enum CorrectionStream {
    /// Writes `corrections.jsonl` (`count` texts) and `eval.jsonl` (`evalCount`), in the corpus's format.
    public static func write(reference: ReferenceCatalog, seed: UInt64, count: Int, evalCount: Int, folder: String) throws -> [(String, Int)] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let generator = HotlineTextGenerator(places: reference.places)
        let intents = reference.intents
        let weights = intents.map { DatasetGenerator.intentWeight($0.id) }.cumulative
        let regions = reference.places.regions.filter { $0.level != "province" }
        var report: [(String, Int)] = []
        for (name, n, stream, prefix) in [("corrections.jsonl", count, "corrections", "CR"), ("eval.jsonl", evalCount, "corrections-eval", "CE")] {
            var rng = SeededRandom.stream(seed, stream)
            var lines: [String] = []
            for i in 0..<n {
                // Every intent comes up in each stretch of the stream, the common ones more often.
                let intent = i < intents.count ? intents[i] : intents[rng.weighted(weights)]
                let region = rng.chance(0.9) ? rng.pick(regions) : nil
                let t = generator.text(intent: intent.id, rng: &rng, region: region, onlyHeldOut: true)
                let obj: JSON = .object([("id", .string(String(format: "\(prefix)%06d", i + 1))), ("text", .string(t.text)), ("intent", .string(intent.id)),
                                         ("department", .string(intent.department)),
                                         ("regionAdcode", t.mentionedAdcode.map(JSON.string) ?? .null), ("mention", t.mention.map(JSON.string) ?? .null)])
                lines.append(JSONWriter.string(obj))
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
            report.append((name, n))
        }
        return report
    }
}
