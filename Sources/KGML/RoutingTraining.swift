import Foundation
import KGCore

/// `govbrain model train routing`: trains on `train.jsonl`, calibrates on `dev.jsonl`, evaluates
/// on `test.jsonl`, and writes a new version of `Models/routing/` with the artifact, `MODEL.md`
/// and `metrics.json`. The first version trained is promoted.
public enum RoutingTraining {
    public static let artifact = "model.bin"
    /// Times each stored correction is added to the training texts.
    public static let correctionRepeats = 3

    public struct Outcome: Sendable {
        public let model: RoutingModel
        public let report: RoutingTrainer.Report
        public let test: RoutingEvaluation
        public let places: PlaceEvaluation?
        /// The evaluation on the hand-written complaints, when given.
        public let handwritten: RoutingEvaluation?
        public let version: String
        public let directory: String
        public let promoted: Bool
        public let metrics: JSON
    }

    /// - Parameters:
    ///   - data: folder with `train.jsonl`, `dev.jsonl` and `test.jsonl`.
    ///   - registry: where the new version goes.
    ///   - places: the resolver to evaluate place resolution with (nil: not evaluated).
    ///   - taxonomy: labelled phrases of the intent taxonomy (see `RoutingTrainer.train`).
    ///   - lexicon: labelled terms of the domain lexicon (see `RoutingTrainer.train`).
    ///   - handwritten: labelled complaints written by hand (not generated), evaluated besides the
    ///     test split: how the model copes with phrasing the corpus never uses.
    ///   - extra: labelled texts of another origin than the generated corpus (calls written by hand
    ///     by writers who never saw the corpus), each added `extraRepeats` times to the training
    ///     texts, with their files for the card.
    public static func run(data: String, registry: ModelRegistry, configuration: RoutingModel.Configuration, seed: UInt64,
                           places: PlaceResolver?, taxonomy: [HotlineRecord] = [], lexicon: [HotlineRecord] = [],
                           handwritten: [HotlineRecord] = [], corrections: [HotlineRecord] = [],
                           extra: [(file: String, records: [HotlineRecord])] = [], extraRepeats: Int = 1, command: String) throws -> Outcome {
        func path(_ split: String) -> String { (data as NSString).appendingPathComponent("\(split).jsonl") }
        // Agents' corrections of the router (texts of real calls with the intent an agent chose)
        // join the training texts, each `correctionRepeats` times.
        let corpus = try HotlineRecord.read(path("train"))
        var train = corpus + Array(corrections.map { Array(repeating: $0, count: correctionRepeats) }.joined())
        for source in extra { for _ in 0..<max(0, extraRepeats) { train += source.records } }
        let dev = try HotlineRecord.read(path("dev")), test = try HotlineRecord.read(path("test"))
        // The seed orders the training rows (the fit itself is deterministic for one order).
        var rng = SplitMix64(seed: seed)
        for i in stride(from: train.count - 1, to: 0, by: -1) { train.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let (model, report) = try RoutingTrainer.train(train: train, dev: dev, taxonomy: taxonomy, lexicon: lexicon,
                                                       configuration: configuration, seed: seed)
        let predictions = ParallelMap.map(test.map(\.text)) { model.predict($0) }
        let evaluation = RoutingEvaluation(predictions: predictions, intents: test.map(\.intent), departments: test.map(\.department))
        let placeEvaluation = places.map { PlaceEvaluation(resolver: $0, records: test) }
        let handwrittenEvaluation = handwritten.isEmpty ? nil
            : RoutingEvaluation(predictions: ParallelMap.map(handwritten.map(\.text)) { model.predict($0) }, intents: handwritten.map(\.intent),
                                departments: handwritten.map(\.department))

        let version = registry.nextVersion()
        let directory = registry.directory(version)
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw ModelError(code: .pathNotWritable, "cannot create \(directory): \(error.localizedDescription)")
        }
        let modelPath = (directory as NSString).appendingPathComponent(artifact)
        try model.write(to: modelPath)
        var members: [(String, JSON)] = [
            ("model", .string("routing")), ("version", .string(version)), ("seed", .int(Int64(bitPattern: seed))),
            ("trainRecords", .int(Int64(train.count))), ("corrections", .int(Int64(corrections.count))),
            ("extraRecords", .int(Int64(extra.reduce(0) { $0 + $1.records.count }))), ("extraRepeats", .int(Int64(extraRepeats))), ("devRecords", .int(Int64(dev.count))), ("testRecords", .int(Int64(test.count))),
            ("features", .int(Int64(report.features))), ("iterations", .int(Int64(report.iterations))),
            ("trainSeconds", .double(report.trainSeconds)), ("temperature", .double(Double(model.temperature))),
            ("threshold", .double(model.threshold)),
        ]
        members += evaluationJSON(evaluation, prefix: "test")
        members += evaluationJSON(report.devEvaluation, prefix: "dev")
        if let h = handwrittenEvaluation {
            members += [("handwrittenRecords", .int(Int64(h.items))), ("handwrittenTop1", .double(h.top1)), ("handwrittenTop3", .double(h.top3)),
                        ("handwrittenDepartmentAccuracy", .double(h.departmentAccuracy))]
        }
        if let p = placeEvaluation {
            members += [("testAdcodeExact", .double(p.exact)), ("testPlacesNamed", .int(Int64(p.named))),
                        ("testPlaceFoundWhereNoneLabelled", .double(p.foundWhereNoneLabelled))]
        }
        let metrics = JSON.object(members)
        do { try (JSONWriter.string(metrics) + "\n").write(toFile: (directory as NSString).appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write metrics.json in \(directory): \(error.localizedDescription)")
        }
        let sources = try [ModelCard.dataSource(path("train"), corpus.count), ModelCard.dataSource(path("dev"), dev.count), ModelCard.dataSource(path("test"), test.count)]
            + extra.map { try ModelCard.dataSource($0.file, $0.records.count) }
        var card = card(model: model, report: report, test: evaluation, places: placeEvaluation, handwritten: handwrittenEvaluation,
                        lexiconTerms: lexicon.count, version: version, command: command, data: sources)
        card.artifact = try ModelCard.artifactDigest(modelPath)
        try card.write(to: directory, markdownFile: "MODEL.md", jsonFile: "card.json")
        var promoted = false
        if registry.promoted() == nil { try registry.promote(version, artifact: artifact); promoted = true }
        return Outcome(model: model, report: report, test: evaluation, places: placeEvaluation, handwritten: handwrittenEvaluation,
                       version: version, directory: directory,
                       promoted: promoted, metrics: metrics)
    }

    /// The evaluation as JSON members named `<prefix>Top1`, `<prefix>Top3`, ….
    public static func evaluationJSON(_ e: RoutingEvaluation, prefix: String) -> [(String, JSON)] {
        [("\(prefix)Top1", .double(e.top1)), ("\(prefix)Top3", .double(e.top3)), ("\(prefix)MacroF1", .double(e.macroF1)),
         ("\(prefix)DepartmentAccuracy", .double(e.departmentAccuracy)), ("\(prefix)ExpectedCalibrationError", .double(e.expectedCalibrationError)),
         ("\(prefix)AutomationRate", .double(e.automationRate)), ("\(prefix)AutomaticPrecision", .double(e.automaticPrecision)),
         ("\(prefix)Confusions", .array(e.confusions.prefix(10).map {
             .object([("actual", .string($0.actual)), ("predicted", .string($0.predicted)), ("count", .int(Int64($0.count)))])
         }))]
    }

    static func card(model: RoutingModel, report: RoutingTrainer.Report, test: RoutingEvaluation, places: PlaceEvaluation?, handwritten: RoutingEvaluation?,
                     lexiconTerms: Int, version: String,
                     command: String, data: [ModelCard.DataSource]) -> ModelCard {
        let c = model.configuration
        var metrics: [ModelCard.Metric] = [
            .init("intent top-1", test.top1, "test split, \(test.items) work orders"),
            .init("intent top-3", test.top3, "true intent among the 3 most probable"),
            .init("intent macro-F1", test.macroF1, "mean F1 over the intents"),
            .init("department accuracy", test.departmentAccuracy, "department = the one with the highest summed probability of its intents"),
            .init("expected calibration error", test.expectedCalibrationError, "top intent's probability vs accuracy, 15 equal-width bins"),
            .init("automation rate", test.automationRate, "share dispatched without a person (department confidence ≥ \(String(format: "%.3f", model.threshold)), tuned on dev for \(Int(c.targetPrecision * 100)) % precision)"),
            .init("automatic precision", test.automaticPrecision, "department accuracy of the automatic dispatches"),
        ]
        if let h = handwritten {
            metrics.append(.init("hand-written intent top-1", h.top1, "\(h.items) complaints written by hand, not generated (`Datasets/hotline-handwritten`)"))
            metrics.append(.init("hand-written intent top-3", h.top3, "same complaints"))
            metrics.append(.init("hand-written department accuracy", h.departmentAccuracy, "same complaints"))
        }
        if let p = places {
            metrics.append(.init("adcode exact", p.exact, "place resolution on the \(p.named) test texts that name a place"))
            metrics.append(.init("place found where none labelled", p.foundWhereNoneLabelled, "share of the \(p.unnamed) texts with no labelled place where one was found (mostly real places the label leaves out, e.g. a hospital named after its county)"))
        }
        return ModelCard(
            name: "routing", version: version,
            summary: "12345 hotline routing: a complaint text → the top intents of the 53 in the taxonomy with calibrated probabilities, the department type, and whether a person must check the dispatch. Multinomial logistic regression (L-BFGS, in Swift) over normalised character 1–\(c.maxN)-gram TF-IDF, temperature-calibrated on the dev split.",
            intendedUse: "Automatic dispatch of citizen requests to the responsible department and office (`govbrain route`, `POST /v1/hotline/route`), with low-confidence texts sent to a person. Not for decisions about individuals.",
            command: command, data: data,
            parameters: [("n-grams", "\(c.minN)–\(c.maxN) characters, normalised (full/half width, traditional → simplified, digits folded)"),
                         ("features", "\(report.features) hashed n-grams (document frequency ≥ \(c.minDocumentFrequency), max \(c.maxFeatures))"),
                         ("regularisation", "L2, C = \(c.c)"),
                         ("taxonomy phrases", c.taxonomyRepeats > 0 ? "each intent's name and scope items added \(c.taxonomyRepeats)× to the training texts" : "not used"),
                         ("domain lexicon", c.lexiconRepeats > 0 && lexiconTerms > 0 ? "\(lexiconTerms) terms of the intents' objects and problems (`Datasets/reference/intent_lexicon.csv`, written by hand) added \(c.lexiconRepeats)× to the training texts" : "not used"),
                         ("lexicon substitution", c.lexiconSubstitutionCopies > 0 && lexiconTerms > 0 ? "\(c.lexiconSubstitutionCopies) cop\(c.lexiconSubstitutionCopies == 1 ? "y" : "ies") of each training text containing a lexicon term of its intent, with the term swapped for another of the intent" : "not used"),
                         ("clause dropout", c.clauseDropoutCopies > 0 ? "\(c.clauseDropoutCopies) cop\(c.clauseDropoutCopies == 1 ? "y" : "ies") of each training text with ≥ 2 clauses, each clause kept with probability \(c.clauseKeepProbability)" : "not used"), ("L-BFGS iterations", "\(report.iterations)\(report.converged ? "" : " (limit reached)")"),
                         ("temperature", String(format: "%.3f", model.temperature)), ("dispatch threshold", String(format: "%.4f", model.threshold)),
                         ("training seconds", String(format: "%.1f", report.trainSeconds))],
            metrics: metrics,
            limitations: [
                "Trained and tested on the synthetic hotline corpus (`govbrain datagen corpus`): real citizens use a wider vocabulary; the held-out wordings of the test split measure some of that, not all.",
                "Character n-grams do not understand negation or who did what to whom; texts that describe one problem in another intent's words are routed by their words.",
                "Intents outside the 53 of the taxonomy are forced onto the nearest one; their low confidence usually sends them to a person.",
            ] + (lexiconTerms > 0 && c.lexiconRepeats > 0 ? [
                "Words neither the corpus nor the domain lexicon has are unknown to the model; the lexicon was written by one author, who also wrote the hand-written complaints, so their figure is independent of the corpus but not of that author. Extend the lexicon from real work orders that were misrouted.",
                "The dispatch threshold is tuned on dev, which holds no new wordings; on texts worded unlike the corpus automatic dispatches are less precise than the target (see the hand-written figures).",
            ] : []))
    }

}
