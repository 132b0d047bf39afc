import Foundation
import KGCore
import KGML

/// The supervision side of a running service and of Cypher: scores single enterprises with the
/// promoted graph credit and risk models (by node id, USCC or a feature object), over a snapshot
/// of the enterprises' records (with their related-party risk) that is rebuilt whenever the graph
/// changes; lists and moves alerts; draws inspections.
public final class SupervisionService: @unchecked Sendable {
    /// The graph this service belongs to (which owns it).
    public unowned let graph: KnowledgeGraph
    private let lock = NSLock()
    private var models: String?
    private var snapshot: Snapshot?
    private var credit: (version: String, card: Scorecard)?
    private var risk: (version: String, model: RiskModel)?

    struct Snapshot {
        let graphVersion: Int64
        let records: EnterpriseRecords
        /// Related-party risk as of now and as of the previous half-year (personalized PageRank, computed once).
        let related: (current: (seeds: Set<Int>, risk: [Double]), previous: (seeds: Set<Int>, risk: [Double]))
    }

    init(graph: KnowledgeGraph) {
        self.graph = graph
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
        do { _ = try current(); states["supervision-snapshot"] = "loaded" } catch { states["supervision-snapshot"] = "unavailable: \(error)" }
        do { states["enterprise-credit"] = "loaded \(try creditModel().version)" } catch { states["enterprise-credit"] = "unavailable: \(error)" }
        do { states["enterprise-risk"] = "loaded \(try riskModel().version)" } catch { states["enterprise-risk"] = "unavailable: \(error)" }
        return states
    }

    func current() throws -> Snapshot {
        lock.lock(); defer { lock.unlock() }
        let version = graph.store.graphVersion
        if let s = snapshot, s.graphVersion == version { return s }
        let records = try EnterpriseRecords(store: graph.store)
        let previous = SupervisionCalendar.shift(records.now, months: -SupervisionFeatures.Purpose.risk.months)
        let s = Snapshot(graphVersion: version, records: records,
                         related: (try SupervisionFeatures.relatedRisk(records, origin: records.now), try SupervisionFeatures.relatedRisk(records, origin: previous)))
        snapshot = s
        return s
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

    /// Which enterprise a request names: `{"enterpriseId": node id}` or `{"uscc": "…"}`; nil for a
    /// `{"features": {…}}` request.
    func enterprise(_ request: JSON, in s: Snapshot) throws -> Int? {
        if let e = try s.records.find(request, invalid: .invalidSupervisionRequest) { return e }
        if request["features"] != nil { return nil }
        throw EngineError(code: .invalidSupervisionRequest, message: "give {\"enterpriseId\": node id}, {\"uscc\": \"…\"} or {\"features\": {column: value, …}}")
    }

    /// The cells of a feature object, checked against the columns the model needs.
    static func cells(_ request: JSON, needs columns: [String]) throws -> [String: String] {
        guard case .object(let members)? = request["features"] else {
            throw EngineError(code: .invalidSupervisionRequest, message: "\"features\" must be an object {column: value, …}")
        }
        var out: [String: String] = [:]
        for (k, v) in members {
            switch v {
            case .string(let s): out[k] = s
            case .int(let i): out[k] = String(i)
            case .double(let d): out[k] = String(d)
            case .null: out[k] = ""
            default: throw EngineError(code: .invalidSupervisionRequest, message: "feature \"\(k)\" must be a string, a number or null")
            }
        }
        let missing = columns.filter { out[$0] == nil }
        guard missing.isEmpty else {
            throw EngineError(code: .invalidSupervisionRequest, message: "\"features\" lacks \(missing.joined(separator: ", ")); the model uses \(columns.joined(separator: ", "))")
        }
        return out
    }

    func describe(_ e: Int, _ s: Snapshot) -> JSON {
        let ent = s.records[e]
        return .object([("nodeId", .int(ent.nodeID)), ("uscc", .string(ent.uscc)), ("name", .string(ent.name)), ("adcode", .string(ent.adcode))])
    }

    /// `POST /v1/credit/score` and `kg.model.credit`.
    public func creditScore(_ request: JSON) throws -> JSON {
        let (version, card) = try creditModel()
        let s = try current()
        let now = s.records.now
        var members: [(String, JSON)] = []
        let score: Scorecard.Score
        if let e = try enterprise(request, in: s) {
            let table = try SupervisionFeatures.table(s.records, rows: [e], origin: now, purpose: .credit, relatedRisk: s.related.current.risk)
            score = try card.score(row: 0) { table.column($0)?[0] }
            members.append(("enterprise", describe(e, s)))
        } else {
            let cells = try Self.cells(request, needs: card.variables.map(\.binning.name))
            score = try card.score(row: 0) { cells[$0] }
        }
        members += [("probability", .double(score.probability)), ("points", .int(Int64(score.points))), ("grade", .string(score.grade)),
                    ("gradeLabel", .string(card.grades.first { $0.name == score.grade }?.label ?? "")),
                    ("reasons", .array(score.reasons.map { .object([("factor", .string($0)), ("description", .string(SupervisionFeatures.describe[$0] ?? $0))]) })),
                    ("unseen", .array(score.unseen.map { .string($0) })), ("modelVersion", .string(version)), ("asOf", .string(SupervisionTable.iso(now)))]
        return .object(members)
    }

    /// `POST /v1/risk/score` and `kg.model.risk`.
    public func riskScore(_ request: JSON) throws -> JSON {
        let (version, model) = try riskModel()
        let s = try current()
        let now = s.records.now
        if let e = try enterprise(request, in: s) {
            let a = try RiskAlerts.assess(records: s.records, model: model, rows: [e], now: now, related: s.related)[0]
            let reasons: [JSON] = a.reasons.map { r in
                var m: [(String, JSON)] = [("factor", .string(r.factor)), ("description", .string(r.description)), ("value", .string(r.value))]
                if let path = r.path {
                    m.append(("path", .array(path.map { id in
                        s.records.index[id].map { i in .object([("kind", .string("Enterprise")), ("nodeId", .int(id)), ("uscc", .string(s.records[i].uscc)),
                                                               ("name", .string(s.records[i].name))]) }
                            ?? .object([("kind", .string("Person")), ("nodeId", .int(id))])
                    })))
                }
                return .object(m)
            }
            return .object([("enterprise", describe(e, s)), ("score", .double(a.score)), ("level", .string(a.level)),
                            ("previousScore", .double(a.previousScore)), ("trigger", a.trigger.map { .string($0) } ?? .null),
                            ("reasons", .array(reasons)), ("modelVersion", .string(version)), ("asOf", .string(SupervisionTable.iso(now)))])
        }
        let cells = try Self.cells(request, needs: model.model.variables.map(\.binning.name))
        let score = try model.score(row: 0) { cells[$0] }
        return .object([("score", .double(score.score)), ("level", .string(score.level)),
                        ("reasons", .array(score.reasons.map { .object([("factor", .string($0)), ("description", .string(SupervisionFeatures.describe[$0] ?? $0))]) })),
                        ("unseen", .array(score.unseen.map { .string($0) })), ("modelVersion", .string(version))])
    }

    /// `GET /v1/risk/alerts?region=&level=&status=&since=&limit=&offset=`.
    public func alerts(parameters p: [String: String]) throws -> JSON {
        let filter = try RiskAlertQuery.filter(region: p["region"], level: p["level"], status: p["status"], since: p["since"])
        let limit = try RequestParameters.integer(p["limit"], name: "limit", fallback: 50, range: 1...1000, code: .invalidSupervisionRequest)
        let offset = try RequestParameters.integer(p["offset"], name: "offset", fallback: 0, range: 0...Int(Int32.max), code: .invalidSupervisionRequest)
        let (total, list) = try RiskAlertBook.list(store: graph.store, filter: filter, limit: limit, offset: offset)
        return .object([("total", .int(Int64(total))), ("limit", .int(Int64(limit))), ("offset", .int(Int64(offset))), ("alerts", .array(list.map(\.json)))])
    }

    /// `POST /v1/risk/alerts/{id}/ack|resolve` with `{"by": optional display name, "note": optional}`.
    ///
    /// Who acted is `actor` (the caller's key, from the access layer), never the body: `by` is at
    /// most a display name (64 characters, one line) recorded beside it, so a supervisor cannot sign
    /// as `admin`. The note is free text from the API: personal numbers in it are masked before it
    /// is stored, and it is at most 2,000 characters.
    public func transition(code: String, resolve: Bool, body: JSON, actor: String) throws -> JSON {
        let display = try Self.displayName(body["by"])
        var note: String?
        if let n = body["note"], n != .null {
            guard case .string(let s) = n else { throw EngineError(code: .invalidSupervisionRequest, message: "\"note\" must be a string") }
            guard s.count <= 2_000 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"note\" is longer than 2000 characters; shorten it") }
            note = TextRedactor.redactStrictly(s)
        }
        let by = display.map { "\($0) [\(actor)]" } ?? actor
        return try RiskAlertBook.transition(graph: graph, code: code, resolve: resolve, by: by, note: note).json
    }

    /// A display name from a request: nil when absent, else 1–64 characters on one line, with
    /// personal numbers masked.
    static func displayName(_ value: JSON?) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?:
            let t = s.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { return nil }
            guard t.count <= 64, !t.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
                throw EngineError(code: .invalidSupervisionRequest, message: "\"by\" is a display name of at most 64 characters on one line; who acted is taken from the API key")
            }
            return TextRedactor.redactStrictly(t)
        default:
            throw EngineError(code: .invalidSupervisionRequest, message: "\"by\" must be a string (a display name; who acted is taken from the API key)")
        }
    }

    /// `POST /v1/risk/inspections/sample` with `{"region", "n", "seed", "floor": optional, "by": optional}`.
    public func sample(_ body: JSON, actor: String = "api") throws -> JSON {
        guard case .string(let region)? = body["region"] else { throw EngineError(code: .invalidSupervisionRequest, message: "\"region\" must be an adcode string") }
        guard let n = body["n"]?.integerValue, n >= 1, n <= 10_000 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"n\" must be an integer from 1 to 10000") }
        guard let seed = body["seed"]?.integerValue, seed >= 0 else { throw EngineError(code: .invalidSupervisionRequest, message: "\"seed\" must be a non-negative integer") }
        var floor = 0.1
        if let f = body["floor"] {
            guard let v = f.doubleValue else { throw EngineError(code: .invalidSupervisionRequest, message: "\"floor\" must be a number in (0, 1]") }
            floor = v
        }
        let by = try Self.displayName(body["by"]).map { "\($0) [\(actor)]" } ?? actor
        return try InspectionSampler.draw(graph: graph, region: region, n: Int(n), seed: UInt64(seed), floor: floor, by: by).json
    }
}
