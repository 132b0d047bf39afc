import Foundation
import KGCore
import KGEngine
import KGML

/// The supervision side of a running service and of Cypher: scores single enterprises with the
/// promoted graph credit and risk models (by node id, USCC or a feature object), over a snapshot
/// of the enterprises' records (with their related-party risk) that is rebuilt whenever the graph
/// changes; lists and moves alerts; draws inspections.
public final class SupervisionService: @unchecked Sendable {
    /// The graph this service answers from.
    public let graph: KnowledgeGraph
    /// The efficacy cases of the graph, kept between reports.
    let efficacyCases = EfficacyCaseCache()
    private let lock = NSLock()
    private var models: String?
    private var snapshot: Snapshot?
    private var credit: (version: String, card: Scorecard)?
    private var risk: (version: String, model: RiskModel)?
    /// The scored population's values of every feature (what reasons compare a value with), per
    /// purpose, for the snapshot of `graphVersion`: built on first use, dropped with the snapshot.
    private var populations: (graphVersion: Int64, byPurpose: [SupervisionFeatures.Purpose: ColumnPopulation])?

    struct Snapshot {
        let graphVersion: Int64
        let records: EnterpriseRecords
        /// Related-party risk as of now and as of the previous half-year (personalized PageRank, computed once).
        let related: (current: (seeds: Set<Int>, risk: [Double]), previous: (seeds: Set<Int>, risk: [Double]))
    }

    /// A service on `graph`; its `kg.model.credit` and `kg.model.risk` procedures are installed on
    /// the graph and answer through this service (the latest one made for the graph) while it lives.
    public init(graph: KnowledgeGraph) {
        self.graph = graph
        SupervisionProcedures.register(into: graph.procedures, service: self)
    }

    /// The `Models/` folder the credit and risk models are read from (nil: the project's);
    /// forgets models already loaded.
    public var modelsPath: String? {
        get { lock.withLock { models } }
        set { lock.withLock { models = newValue; credit = nil; risk = nil } }
    }

    /// Loads the enterprise snapshot and both models now (a server does this before it reports
    /// ready); returns each model's state: `loaded vN` or why it is unavailable.
    public func warmUp() -> [String: String] {
        var states: [String: String] = [:]
        do {
            let s = try current()
            _ = try population(.risk, in: s)
            _ = try population(.credit, in: s)
            states["supervision-snapshot"] = "loaded"
        } catch { states["supervision-snapshot"] = "unavailable: \(error)" }
        do { states["enterprise-credit"] = "loaded \(try creditModel().version)" } catch { states["enterprise-credit"] = "unavailable: \(error)" }
        do { states["enterprise-risk"] = "loaded \(try riskModel().version)" } catch { states["enterprise-risk"] = "unavailable: \(error)" }
        return states
    }

    func current() throws -> Snapshot {
        lock.lock(); defer { lock.unlock() }
        let version = graph.graphVersion
        if let s = snapshot, s.graphVersion == version { return s }
        let records = try EnterpriseRecords(graph: graph)
        let previous = SupervisionCalendar.shift(records.now, months: -SupervisionFeatures.Purpose.risk.months)
        let s = Snapshot(graphVersion: version, records: records,
                         related: (try SupervisionFeatures.relatedRisk(records, origin: records.now), try SupervisionFeatures.relatedRisk(records, origin: previous)))
        snapshot = s
        return s
    }

    /// The population the reasons of `purpose` compare with: the enterprises that purpose scores
    /// (`SupervisionFeatures.scored`) as of the snapshot's day, one feature table built once per
    /// snapshot (a single-enterprise request then costs a binary search per reason).
    func population(_ purpose: SupervisionFeatures.Purpose, in s: Snapshot) throws -> ColumnPopulation {
        lock.lock(); defer { lock.unlock() }
        var byPurpose = populations?.graphVersion == s.graphVersion ? populations?.byPurpose ?? [:] : [:]
        if let found = byPurpose[purpose] { return found }
        let table = try SupervisionFeatures.table(s.records, rows: SupervisionFeatures.scored(s.records, purpose: purpose), origin: s.records.now,
                                                  purpose: purpose, relatedRisk: s.related.current.risk)
        let made = ColumnPopulation(supervision: table)
        byPurpose[purpose] = made
        populations = (s.graphVersion, byPurpose)
        return made
    }

    /// A promoted model from the models folder (call with the lock held); a missing one is ModelUnavailable.
    private func load<T>(_ read: (String) throws -> T) throws -> T {
        do { return try read(try models ?? ResourceLocator.modelsPath()) } catch let e as ModelError {
            throw EngineError(code: .modelUnavailable, message: e.message)
        }
    }

    func creditModel() throws -> (version: String, card: Scorecard) {
        try lock.withLock {
            if credit == nil { credit = try load(EnterpriseCreditModel.load(models:)) }
            return credit!
        }
    }

    func riskModel() throws -> (version: String, model: RiskModel) {
        try lock.withLock {
            if risk == nil { risk = try load(EnterpriseRiskModel.load(models:)) }
            return risk!
        }
    }

    /// Which enterprise a request names (by node id or USCC); nil for a feature row.
    func enterprise(_ request: EnterpriseScoreRequest, in s: Snapshot) throws -> Int? {
        if let e = try s.records.find(nodeID: request.enterpriseId, uscc: request.uscc) { return e }
        if request.features != nil { return nil }
        throw EngineError(code: .invalidSupervisionRequest, message: "give {\"enterpriseId\": node id}, {\"uscc\": \"…\"} or {\"features\": {column: value, …}}")
    }

    /// The cells of a feature row, checked against the columns the model needs.
    static func cells(_ request: EnterpriseScoreRequest, needs columns: [String]) throws -> [String: String] {
        let out = (request.features ?? [:]).mapValues(\.cell)
        let missing = columns.filter { out[$0] == nil }
        guard missing.isEmpty else {
            throw EngineError(code: .invalidSupervisionRequest, message: "\"features\" lacks \(missing.joined(separator: ", ")); the model uses \(columns.joined(separator: ", "))")
        }
        return out
    }

    func describe(_ e: Int, _ s: Snapshot) -> EnterpriseSummary {
        let ent = s.records[e]
        return EnterpriseSummary(nodeId: ent.nodeID, uscc: ent.uscc, name: ent.name, adcode: ent.adcode)
    }

    /// The factors `names` with their values (`value(factor)`, nil when unknown) and sentences
    /// against `population`.
    static func factors(_ names: [String], population: ColumnPopulation, value: (String) -> String?) -> [ScoreFactor] {
        names.map { name in
            let v = value(name)
            let t = v.map { ReasonText.make(factor: name, value: $0, population: population) }
            return ScoreFactor(factor: name, description: SupervisionFeatures.describe[name] ?? name, value: v, text: t?.zh, textEn: t?.en)
        }
    }

    /// `POST /v1/credit/score` and `kg.model.credit`.
    public func creditScore(_ request: EnterpriseScoreRequest) throws -> CreditScore {
        let (version, card) = try creditModel()
        let s = try current()
        let now = s.records.now
        var summary: EnterpriseSummary?
        let cell: (String) -> String?
        if let e = try enterprise(request, in: s) {
            let table = try SupervisionFeatures.table(s.records, rows: [e], origin: now, purpose: .credit, relatedRisk: s.related.current.risk)
            cell = { table.column($0)?[0] }
            summary = describe(e, s)
        } else {
            let cells = try Self.cells(request, needs: card.variables.map(\.binning.name))
            cell = { cells[$0] }
        }
        let score = try card.score(row: 0, cell: cell)
        let reasons = Self.factors(score.reasons, population: try population(.credit, in: s), value: cell)
        return CreditScore(enterprise: summary, probability: score.probability, points: Int(score.points), grade: score.grade,
                           gradeLabel: card.grades.first { $0.name == score.grade }?.label ?? "", reasons: reasons,
                           unseen: score.unseen, modelVersion: version, asOf: SupervisionTable.iso(now))
    }

    /// `POST /v1/risk/score` and `kg.model.risk`.
    public func riskScore(_ request: EnterpriseScoreRequest) throws -> RiskScore {
        let (version, model) = try riskModel()
        let s = try current()
        let now = s.records.now
        if let e = try enterprise(request, in: s) {
            let a = try RiskAlerts.assess(records: s.records, model: model, rows: [e], now: now, related: s.related, population: try population(.risk, in: s))[0]
            let reasons = a.reasons.map { r in
                RiskFactor(factor: r.factor, description: r.description, value: r.value, path: r.path.map { path in
                    path.map { id in
                        s.records.index[id].map { i in RiskFactor.PathStep(kind: "Enterprise", nodeId: id, uscc: s.records[i].uscc, name: s.records[i].name) }
                            ?? RiskFactor.PathStep(kind: "Person", nodeId: id)
                    }
                }, text: r.text, textEn: r.textEn)
            }
            return RiskScore(enterprise: describe(e, s), score: a.score, level: a.level, previousScore: a.previousScore, trigger: a.trigger,
                             reasons: reasons, unseen: nil, modelVersion: version, asOf: SupervisionTable.iso(now))
        }
        let cells = try Self.cells(request, needs: model.inputs)
        let score = try model.score(row: 0) { cells[$0] }
        return RiskScore(enterprise: nil, score: score.score, level: score.level, previousScore: nil, trigger: nil,
                         reasons: Self.factors(score.reasons, population: try population(.risk, in: s)) { cells[$0] }.map {
                             RiskFactor(factor: $0.factor, description: $0.description, value: $0.value, text: $0.text, textEn: $0.textEn)
                         },
                         unseen: score.unseen, modelVersion: version, asOf: nil)
    }

    /// `GET /v1/risk/alerts?region=&level=&status=&since=&domain=&limit=&offset=`.
    public func alerts(_ request: AlertListRequest) throws -> AlertPage {
        let filter = try RiskAlertQuery.filter(region: request.region, level: request.level, status: request.status, since: request.since,
                                               domain: request.domain)
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000, code: .invalidSupervisionRequest)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max), code: .invalidSupervisionRequest)
        let (total, list) = try RiskAlertBook.list(graph: graph, filter: filter, limit: limit, offset: offset)
        return AlertPage(total: total, limit: limit, offset: offset, alerts: list)
    }

    /// `GET /v1/risk/alerts/feedback?region=&domain=`: per domain and model version, what handling found and how long it took.
    public func feedback(region: String?, domain: String? = nil) throws -> RiskAlertFeedback {
        _ = try RiskAlertQuery.filter(region: region, level: nil, status: nil, since: nil, domain: domain)
        return try RiskAlertFeedback.measure(graph: graph, region: region, domain: domain)
    }

    /// The assignment step of an `assign` body: the office code, required, at most 64 characters.
    public static func assignment(office: String?) throws -> RiskAlertBook.Action {
        guard let office = office?.trimmingCharacters(in: .whitespaces), !office.isEmpty, office.count <= 64 else {
            throw EngineError(code: .invalidSupervisionRequest, message: "\"office\" is required: the code of the office the inspection goes to, e.g. {\"office\": \"OFFICE-CODE\"}")
        }
        return .assign(office: office)
    }

    /// `POST /v1/risk/alerts/{id}/ack|assign|resolve`: `action` from the route and its body.
    ///
    /// Who acted is `actor` (the caller's key, from the access layer), never the body: `by` is at
    /// most a display name (64 characters, one line) recorded beside it, so a supervisor cannot sign
    /// as `admin`. The note is free text from the API: personal numbers in it are masked before it
    /// is stored, and it is at most 2,000 characters.
    public func transition(code: String, action: RiskAlertBook.Action, request: AlertTransitionRequest, actor: String) throws -> RiskAlertBook.Alert {
        let display = try Self.displayName(request.by)
        var note: String?
        if let s = request.note {
            guard s.count <= 2_000 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"note\" is longer than 2000 characters; shorten it") }
            note = TextRedactor.redactStrictly(s)
        }
        let by = display.map { "\($0) [\(actor)]" } ?? actor
        return try RiskAlertBook.transition(graph: graph, code: code, action: action, by: by, note: note)
    }

    /// A display name: nil when absent or blank, else 1–64 characters on one line, with personal
    /// numbers masked.
    static func displayName(_ value: String?) throws -> String? {
        guard let value else { return nil }
        let t = value.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        guard t.count <= 64, !t.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
            throw EngineError(code: .invalidSupervisionRequest, message: "\"by\" is a display name of at most 64 characters on one line; who acted is taken from the API key")
        }
        return TextRedactor.redactStrictly(t)
    }

    /// `POST /v1/risk/inspections/sample`.
    public func sample(_ request: InspectionSampleRequest, actor: String = "api") throws -> InspectionSampler.Draw {
        guard (1...10_000).contains(request.n) else { throw EngineError(code: .invalidSupervisionRequest, message: "\"n\" must be an integer from 1 to 10000") }
        guard request.seed >= 0 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"seed\" must be a non-negative integer") }
        let by = try Self.displayName(request.by).map { "\($0) [\(actor)]" } ?? actor
        return try InspectionSampler.draw(graph: graph, region: request.region, n: request.n, seed: UInt64(request.seed), floor: request.floor ?? 0.1, by: by)
    }
}
