import Foundation
import KGCore
import KGDatagen
import KGML
import GovSupervision
import GovHotline
import KGEngine

/// Builds the embedded demo database from `Datasets/` and the generator: the one way the demo data gets in.
///
/// At this stage it holds the real reference data: the 126 Guangxi regions with their
/// hierarchy, aliases and centroids; the 35 department types and 53 hotline intents (ids
/// verbatim from the taxonomy); the 20 industry sections of GB/T 4754-2017; and one office per
/// department type in every region at the levels the department type exists at. Everything is
/// validated by the ontology and written in one transaction into a temporary file that is
/// renamed into place, so a failed build never leaves a half database.
public enum DemoDatabaseBuilder {
    /// What was built.
    public struct Report: Sendable {
        public var nodes = 0
        public var relationships = 0
        public var path = ""
        /// Vector indexes built (name and size).
        public var vectorIndexes: [(name: String, count: Int)] = []
        /// Whether the text encoder had to be trained first.
        public var trainedTextEncoder = false
        /// Enterprises graded by the promoted enterprise credit model (0 without one).
        public var graded = 0
        /// Enterprises scored and alerts raised by the promoted enterprise risk model.
        public var riskScored = 0
        public var alerts = 0
        /// Sites graded per supervision domain (ecology, emergency, housing) by its promoted credit model.
        public var domainGraded: [String: Int] = [:]
        /// Sites scored and alerts raised per supervision domain by its promoted risk model.
        public var domainAlerts: [String: (scored: Int, alerts: Int)] = [:]
        /// Live work orders accepted through the loop, by status.
        public var liveOrders: [String: Int] = [:]
    }

    /// What to build beside the graph.
    public enum Vectors: Sendable {
        /// No vector indexes.
        case none
        /// The `text` index (with the encoder at this path, trained from `Datasets/` into it when
        /// missing) and the `graph` FastRP index.
        case build(textEncoder: String?)
    }

    /// `Models/text-encoder/model.bin`.
    public static func defaultTextEncoderPath(database: String) throws -> String {
        let shipped = ((try ResourceLocator.modelsPath()) as NSString).appendingPathComponent("text-encoder/model.bin")
        if FileManager.default.fileExists(atPath: shipped) { return shipped }
        // Trained at run time: beside the database (never into the tracked Models/ folder); for a
        // PostgreSQL store beside its other files.
        let folder = (try KnowledgeGraph.sidecarBase(database: database) as NSString).deletingLastPathComponent
        return ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("models/text-encoder/model.bin")
    }

    static let provincePrefix = "广西壮族自治区"

    /// Grades every enterprise and scores its risk (raising the alerts of the period) with the
    /// promoted graph models in `Models/`, when there are any.
    static func applySupervisionModels(graph kg: KnowledgeGraph, report: inout Report) throws {
        let models = try ResourceLocator.modelsPath()
        let credit = ModelRegistry(models: models, name: EnterpriseCreditModel.registryName)
        let risk = ModelRegistry(models: models, name: EnterpriseRiskModel.registryName)
        guard credit.promoted() != nil || risk.promoted() != nil else { return }
        let records = try EnterpriseRecords(graph: kg)
        if credit.promoted() != nil {
            let card = try EnterpriseCreditModel.load(models: models).card
            report.graded = try EnterpriseCreditModel.grade(graph: kg, records: records, card: card, now: records.now).reduce(0) { $0 + $1.count }
        }
        if risk.promoted() != nil {
            let promoted = try EnterpriseRiskModel.load(models: models)
            let outcome = try RiskAlerts.scoreAndRaise(graph: kg, records: records, model: promoted.model, now: records.now, modelVersion: promoted.version)
            report.riskScored = outcome.scored
            report.alerts = outcome.created
        }
    }

    /// Grades and scores the sites of the ecology, emergency and housing domains (raising their
    /// alerts) with each domain's promoted models in `models`, when it has any.
    static func applyDomainModels(graph kg: KnowledgeGraph, models: String, report: inout Report) throws {
        for schema in SupervisionDomainSchema.all {
            if ModelRegistry(models: models, name: DomainCreditModel.registryName(schema)).promoted() != nil {
                let card = try DomainCreditModel.load(models: models, schema: schema).card
                report.domainGraded[schema.id] = try DomainCreditModel.grade(graph: kg, schema: schema, card: card).reduce(0) { $0 + $1.count }
            }
            if ModelRegistry(models: models, name: DomainRiskModel.registryName(schema)).promoted() != nil {
                let promoted = try DomainRiskModel.load(models: models, schema: schema)
                let outcome = try DomainRiskAlerts.scoreAndRaise(graph: kg, schema: schema, model: promoted.model, modelVersion: promoted.version)
                report.domainAlerts[schema.id] = (outcome.scored, outcome.created)
            }
        }
    }

    /// Live work orders: calls of the last twelve days before `clock` (generated texts, one in eight
    /// an urgent situation) accepted through the loop with the promoted routing and urgency models and
    /// moved on by simulated agents and offices up to `clock`. Skipped when no routing model is promoted.
    static func addLiveOrders(graph kg: KnowledgeGraph, catalog: ReferenceCatalog, seed: UInt64, count: Int, clock: Int64,
                              report: inout Report) throws {
        let models = try ResourceLocator.modelsPath()
        guard ModelRegistry(models: models, name: "routing").promoted() != nil,
              ModelRegistry(models: models, name: "urgency").promoted() != nil else { return }
        let service = try WorkOrderService(hotline: HotlineService(graph: kg, modelsPath: models))
        var rng = SeededRandom.stream(seed, "live-orders")
        let generator = HotlineTextGenerator(places: catalog.places)
        let counties = catalog.places.regions.filter { $0.level == "county" }
        let intents = catalog.intents.map(\.id)
        var calls: [WorkOrderSimulation.Call] = []
        for _ in 0..<count {
            let county = rng.pick(counties)
            let received = clock - Int64(rng.int(600...12 * 86_400))
            let phone = "1\(rng.pick(["3", "5", "8"]))\(rng.int(0...9))****\(String(format: "%04d", rng.int(0...9999)))"
            let channel = rng.pick(["phone", "phone", "phone", "web", "app", "wechat"])
            if rng.chance(0.125) {
                calls.append(.init(text: UrgencyCorpus.urgentCall(rng: &rng, generator: generator, region: county), intent: nil,
                                   adcode: county.adcode, callerPhone: phone, channel: channel, receivedAt: received))
            } else {
                let intent = rng.pick(intents)
                let t = generator.text(intent: intent, rng: &rng, region: county)
                calls.append(.init(text: t.text, intent: intent, adcode: t.mentionedAdcode ?? county.adcode, callerPhone: phone,
                                   channel: channel, receivedAt: received))
            }
        }
        var simulation = WorkOrderSimulation(service: service, seed: seed)
        let statuses = try simulation.run(calls, clock: clock)
        report.liveOrders = Dictionary(uniqueKeysWithValues: statuses.map { ($0.key.rawValue, $0.value) })
    }

    /// Builds the demo database at `path` (replacing it when `force`) from the `demo` scale of
    /// the generator (`tiny` for tests), seed 1, imported with the ontology on. `path` may be a
    /// `postgresql://` URL (`buildIntoPostgres`).
    /// - Throws: `DatagenError`, `ImportError`, `StoreError`, `OntologyError`.
    public static func build(at path: String, datasets: String? = nil, force: Bool = false, scale: DatagenScale = .demo, seed: UInt64 = 1,
                             vectors: Vectors = .build(textEncoder: nil)) throws -> Report {
        if try KnowledgeGraph.isPostgres(path) {
            return try buildIntoPostgres(path, datasets: datasets, force: force, scale: scale, seed: seed, vectors: vectors)
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: path), !force {
            throw EngineError(code: .alreadyExists, message: "\(path) already exists; pass --force to rebuild it")
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let root = try datasets ?? ResourceLocator.datasetsPath()
        let ref = (root as NSString).appendingPathComponent("reference")
        let tmp = path + ".building"
        let generated = path + ".datagen"
        for suffix in ["", "-wal", "-shm", ".csr"] { try? fm.removeItem(atPath: tmp + suffix) }
        try? fm.removeItem(atPath: generated)
        defer { try? fm.removeItem(atPath: generated) }
        var report = Report()
        do {
            let catalog = try ReferenceCatalog.load(folder: ref)
            let gen = try DatasetGenerator(configuration: .init(scale: scale, seed: seed, outputFolder: generated), reference: catalog).run()
            let files = (gen.nodeFiles + gen.relationshipFiles).map { (generated as NSString).appendingPathComponent($0) }
            let kg = try KnowledgeGraph.open(path: tmp, options: .init(createIfMissing: true, schemaModeForNew: .ontology))
            let imported = try kg.importFiles(files, options: ImportOptions())
            report.nodes = imported.nodesCreated
            report.relationships = imported.relationshipsCreated
            try kg.checkpoint()
            try applySupervisionModels(graph: kg, report: &report)
            try applyDomainModels(graph: kg, models: try ResourceLocator.modelsPath(), report: &report)
            if scale == .demo {
                try addLiveOrders(graph: kg, catalog: catalog, seed: seed, count: 300, clock: Int64(Date().timeIntervalSince1970), report: &report)
            }
            try? fm.removeItem(atPath: tmp + ".vectors")
            if case .build(let encoderPath) = vectors {
                let encoder = try encoderPath ?? defaultTextEncoderPath(database: path)
                if !fm.fileExists(atPath: encoder) {
                    let out = (encoder as NSString).deletingLastPathComponent
                    _ = try TextEncoderTraining.run(hotline: (root as NSString).appendingPathComponent("hotline"),
                                                    policies: (ref as NSString).appendingPathComponent("policies.jsonl"),
                                                    out: out, command: "govbrain model train text-encoder")
                    report.trainedTextEncoder = true
                }
                let text = try kg.similarity.buildTextIndex(graph: kg, encoderPath: encoder)
                let graphIndex = try kg.similarity.buildGraphIndex(graph: kg)
                report.vectorIndexes = [(text.name, text.count), (graphIndex.name, graphIndex.count)]
            }
        } catch {
            for suffix in ["", "-wal", "-shm", ".csr"] { try? fm.removeItem(atPath: tmp + suffix) }
            try? fm.removeItem(atPath: tmp + ".vectors")
            throw error
        }
        for suffix in ["", "-wal", "-shm", ".csr"] { try? fm.removeItem(atPath: path + suffix) }
        try? fm.removeItem(atPath: path + ".vectors")
        if fm.fileExists(atPath: tmp + ".vectors") { try fm.moveItem(atPath: tmp + ".vectors", toPath: path + ".vectors") }
        // The adjacency file written after the build's import holds the built graph (its stamp is
        // the store's own), so it moves with it.
        if fm.fileExists(atPath: tmp + ".csr") { try? fm.moveItem(atPath: tmp + ".csr", toPath: path + ".csr") }
        try fm.moveItem(atPath: tmp, toPath: path)
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: tmp + suffix) }
        report.path = path
        return report
    }
}
