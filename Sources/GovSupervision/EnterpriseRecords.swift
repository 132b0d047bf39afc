import KGAlgorithms
import KGCore
import KGEngine

/// Everything supervision knows about each enterprise, loaded from the store in one streaming scan
/// per label and relationship type: its registration facts, and its dated records (hotline
/// complaints, inspections, violations, penalties, credit records, registration changes), plus the
/// related-party graph (legal representatives and shareholders, people and enterprises).
/// Features "as of" a day only ever look at records dated before it, so the same snapshot serves
/// training at past origins and scoring now.
public struct EnterpriseRecords: Sendable {
    /// One dated record of an enterprise.
    public struct Event: Sendable {
        public enum Kind: String, Sendable {
            case complaint, wageComplaint, inspection, violation, seriousViolation, penalty
            case taxArrears, courtCase, abnormalListing, creditPenalty, honour
            case legalRepChange, addressChange, shareholderChange, scopeChange
        }
        public let kind: Kind
        /// Days since 1970-01-01.
        public let day: Int
        /// Penalty amount (yuan); 0 otherwise.
        public let amount: Double
    }

    public struct Enterprise: Sendable {
        public let nodeID: Int64
        public let uscc: String
        public let name: String
        public let scale: String
        public let status: String
        public let capital: Double
        /// Registration day (days since epoch), nil when unknown.
        public let registeredDay: Int?
        public fileprivate(set) var industry = ""
        public fileprivate(set) var adcode = ""
        public fileprivate(set) var events: [Event] = []
        /// Annual reports, in filing order.
        public fileprivate(set) var reports: [Report] = []
    }

    /// One annual report (企业年报) as filed.
    public struct Report: Sendable {
        public let year: Int
        public let filedDay: Int
        public let employees: Double
        public let revenue: Double
        public let taxPaid: Double
    }

    public private(set) var enterprises: [Enterprise] = []
    /// Dense index of each enterprise node id.
    public let index: [Int64: Int]
    /// Dense index of each unified social credit code.
    public let byUSCC: [String: Int]
    /// The related-party projection: enterprises and people linked by LEGAL_REPRESENTATIVE_OF and
    /// SHAREHOLDER_OF, undirected.
    public let related: GraphProjection
    /// Last day with any record.
    public let lastDay: Int
    /// The start of the half-year after the last record: models score "now" as of this day.
    public var now: Int { SupervisionCalendar.halfYearAfter(lastDay) }
    /// First day of the records (where the history starts).
    public let firstDay: Int

    public var count: Int { enterprises.count }

    public init(graph store: KnowledgeGraph) throws {
        var list: [Enterprise] = []
        var index: [Int64: Int] = [:]
        func string(_ v: Value?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
        func double(_ v: Value?) -> Double? {
            switch v { case .double(let d)?: return d; case .int(let i)?: return Double(i); default: return nil }
        }
        func day(_ v: Value?) -> Int? {
            switch v {
            case .date(let d)?: return d.daysSinceEpoch
            case .dateTime(let t)?: return Int((t.epochSeconds + Int64(t.offsetSeconds)).floorDiv(86400))
            default: return nil
            }
        }
        try store.forEachNode(label: "Enterprise") { id, p in
            index[id] = list.count
            list.append(Enterprise(nodeID: id, uscc: string(p["uscc"]) ?? "\(id)", name: string(p["name"]) ?? "",
                                   scale: string(p["scale"]) ?? "", status: string(p["status"]) ?? "",
                                   capital: double(p["regCapital"]) ?? 0, registeredDay: day(p["registeredOn"])))
        }
        var lastDay = Int.min, firstDay = Int.max
        func add(_ node: Int64, _ kind: Event.Kind, _ d: Int?, amount: Double = 0) {
            guard let e = index[node], let d else { return }
            list[e].events.append(Event(kind: kind, day: d, amount: amount))
            lastDay = max(lastDay, d)
            firstDay = min(firstDay, d)
        }
        var industryCode: [Int64: String] = [:], regionCode: [Int64: String] = [:]
        try store.forEachNode(label: "Industry") { id, p in industryCode[id] = string(p["code"]) }
        try store.forEachNode(label: "Region") { id, p in regionCode[id] = string(p["adcode"]) }
        try store.forEachRelationship(type: "IN_INDUSTRY") { e, i in if let k = index[e] { list[k].industry = industryCode[i] ?? "" } }
        try store.forEachRelationship(type: "LOCATED_IN") { e, r in if let k = index[e] { list[k].adcode = regionCode[r] ?? "" } }

        // Hotline complaints, wage-arrears ones apart.
        var orderDay: [Int64: Int] = [:], intentCode: [Int64: String] = [:], wage = Set<Int64>()
        try store.forEachNode(label: "WorkOrder") { id, p in if let d = day(p["createdAt"]) { orderDay[id] = d } }
        try store.forEachNode(label: "Intent") { id, p in intentCode[id] = string(p["code"]) }
        try store.forEachRelationship(type: "HAS_INTENT") { w, i in if intentCode[i] == "wage_arrears" { wage.insert(w) } }
        try store.forEachRelationship(type: "CONCERNS") { w, e in add(e, wage.contains(w) ? .wageComplaint : .complaint, orderDay[w]) }

        var dated: [Int64: (day: Int?, text: String, amount: Double, flag: Bool)] = [:]
        try store.forEachNode(label: "Inspection") { id, p in dated[id] = (day(p["date"]), string(p["result"]) ?? "", 0, false) }
        try store.forEachRelationship(type: "INSPECTED") { i, e in add(e, .inspection, dated[i]?.day) }
        dated.removeAll(keepingCapacity: true)
        try store.forEachNode(label: "Violation") { id, p in dated[id] = (day(p["date"]), string(p["severity"]) ?? "", 0, false) }
        try store.forEachRelationship(type: "COMMITTED_BY") { v, e in
            guard let r = dated[v] else { return }
            add(e, r.text == "严重" ? .seriousViolation : .violation, r.day)
        }
        dated.removeAll(keepingCapacity: true)
        try store.forEachNode(label: "Penalty") { id, p in dated[id] = (day(p["date"]), "", double(p["amount"]) ?? 0, false) }
        try store.forEachRelationship(type: "PENALIZES") { p, e in add(e, .penalty, dated[p]?.day, amount: dated[p]?.amount ?? 0) }
        dated.removeAll(keepingCapacity: true)
        try store.forEachNode(label: "CreditRecord") { id, p in
            var positive = false
            if case .bool(let b)? = p["positive"] { positive = b }
            dated[id] = (day(p["date"]), string(p["kind"]) ?? "", 0, positive)
        }
        try store.forEachRelationship(type: "CREDIT_RECORD_FOR") { c, e in
            guard let r = dated[c] else { return }
            let kind: Event.Kind
            if r.flag { kind = .honour } else {
                switch r.text {
                case "税收违法": kind = .taxArrears
                case "失信被执行人": kind = .courtCase
                case "经营异常名录": kind = .abnormalListing
                default: kind = .creditPenalty
                }
            }
            add(e, kind, r.day)
        }
        dated.removeAll(keepingCapacity: true)
        try store.forEachNode(label: "ChangeRecord") { id, p in dated[id] = (day(p["date"]), string(p["kind"]) ?? "", 0, false) }
        try store.forEachRelationship(type: "CHANGE_OF") { c, e in
            guard let r = dated[c] else { return }
            switch r.text {
            case "法定代表人变更": add(e, .legalRepChange, r.day)
            case "住所变更": add(e, .addressChange, r.day)
            case "股东变更": add(e, .shareholderChange, r.day)
            default: add(e, .scopeChange, r.day)
            }
        }

        var reports: [Int64: Report] = [:]
        try store.forEachNode(label: "AnnualReport") { id, p in
            guard let filed = day(p["filedOn"]), let year = double(p["year"]) else { return }
            reports[id] = Report(year: Int(year), filedDay: filed, employees: double(p["employees"]) ?? 0, revenue: double(p["revenue"]) ?? 0,
                                 taxPaid: double(p["taxPaid"]) ?? 0)
        }
        try store.forEachRelationship(type: "REPORT_OF") { a, e in
            if let k = index[e], let r = reports[a] { list[k].reports.append(r) }
        }

        // Related parties: people and enterprises linked by legal representation and shareholding.
        var edges: [(Int64, Int64, Int64)] = []
        var serial: Int64 = 0
        for type in ["LEGAL_REPRESENTATIVE_OF", "SHAREHOLDER_OF"] {
            try store.forEachRelationship(type: type) { a, b in serial += 1; edges.append((a, b, serial)) }
        }
        let ids = Array(Set(edges.flatMap { [$0.0, $0.1] }).union(index.keys)).sorted()
        let dense = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
        related = GraphProjection(nodeIDs: ids, edges: edges.map { (dense[$0.0]!, dense[$0.1]!, 1, $0.2) }, orientation: .undirected, weighted: false)
        for k in list.indices {
            list[k].events.sort { $0.day < $1.day }
            list[k].reports.sort { ($0.filedDay, $0.year) < ($1.filedDay, $1.year) }
        }
        enterprises = list
        self.index = index
        var byUSCC: [String: Int] = [:]
        for (i, e) in list.enumerated() { byUSCC[e.uscc] = i }
        self.byUSCC = byUSCC
        self.lastDay = lastDay == Int.min ? 0 : lastDay
        self.firstDay = firstDay == Int.max ? self.lastDay : firstDay
    }

    public subscript(i: Int) -> Enterprise { enterprises[i] }

    /// The enterprise with this node id or unified social credit code; nil when neither is given,
    /// NotFound when the one given is not an enterprise of the graph.
    public func find(nodeID: Int64?, uscc: String?) throws -> Int? {
        if let id = nodeID {
            guard let e = index[id] else { throw EngineError(code: .notFound, message: "no enterprise with node id \(id)") }
            return e
        }
        if let code = uscc {
            guard let e = byUSCC[code] else { throw EngineError(code: .notFound, message: "no enterprise with unified social credit code \(code)") }
            return e
        }
        return nil
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
