import Foundation
import KGCore
import KGEngine
import KGML

/// The hotline's closed loop (接诉即办) over the graph: accept a call as a work order (routed, its
/// urgency judged by the urgency model unless an agent sets it, its deadline from the time limits),
/// move it through the loop, list what is open.
public final class WorkOrderService: @unchecked Sendable {
    public let hotline: HotlineService
    public let book: WorkOrderBook
    let lock = NSLock()
    private var urgencyModel: UrgencyModel?
    private var history: (graphVersion: Int64, history: CloseTimeHistory)?
    /// The last quality inspection, with the graph version it saw.
    var lastInspection: (graphVersion: Int64, inspector: QualityInspector)?
    /// The orders as read at a graph version, and the close-time model trained on them.
    private var lastRecords: (graphVersion: Int64, records: WorkOrderRecords)?
    private var lastModel: (graphVersion: Int64, cases: [String: CloseTimeCase], model: CloseTimeModel)?
    /// When the close-time model was fitted (seconds since the epoch) and on how many orders.
    private var fitted: (at: Int64, orders: Int)?
    /// The router's reading of each order's text, by order code, for the routing model version it came from.
    var routerReadings: (version: String, byCode: [String: RoutingModel.Prediction]) = ("", [:])
    /// Seconds a fitted close-time model is reused while the orders grow by less than 1 %.
    static let refitAfter: Int64 = 600

    /// - Parameters:
    ///   - calendar, limits: `Datasets/reference/cn_workdays.csv` and `hotline_time_limits.csv` by default.
    public init(hotline: HotlineService, calendar: WorkingCalendar? = nil, limits: TimeLimits? = nil) throws {
        let reference = { () throws -> String in (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference") }
        let calendar = try calendar ?? WorkingCalendar.load(file: (try reference() as NSString).appendingPathComponent("cn_workdays.csv"))
        let limits = try limits ?? TimeLimits.load(file: (try reference() as NSString).appendingPathComponent("hotline_time_limits.csv"))
        self.hotline = hotline
        book = WorkOrderBook(graph: hotline.graph, calendar: calendar, limits: limits)
    }

    /// The promoted urgency model, loaded on first use.
    /// - Throws: ModelUnavailable when none is trained.
    public func urgency() throws -> UrgencyModel {
        lock.lock(); defer { lock.unlock() }
        if let m = urgencyModel { return m }
        let registry = ModelRegistry(models: try hotline.modelsPath ?? ResourceLocator.modelsPath(), name: "urgency")
        guard let version = registry.promoted() ?? registry.versions(artifact: UrgencyTraining.artifact).last else {
            throw EngineError(code: .modelUnavailable, message: "no urgency model in \(registry.root); train one with `govbrain model train urgency`")
        }
        do {
            let m = try UrgencyModel.read(from: (registry.directory(version) as NSString).appendingPathComponent(UrgencyTraining.artifact))
            urgencyModel = m
            return m
        } catch {
            throw EngineError(code: .modelUnavailable, message: "\(error)")
        }
    }

    /// Oldest call accepted as a new order (seconds before now).
    static let maxReceiptAge: Int64 = 30 * 86_400

    /// The routing kept with an order: the route fields, with the similar past cases reduced to
    /// their ids, intents, offices and outcomes (their texts are other callers' words, which the
    /// roles that read orders may not see).
    static func stored(_ routing: JSON) -> JSON {
        guard case .object(let members) = routing else { return routing }
        return .object(members.map { key, value in
            guard key == "similarCases", case .array(let cases) = value else { return (key, value) }
            return (key, .array(cases.map { c in
                guard case .object(let fields) = c else { return c }
                return .object(fields.filter { $0.0 != "text" })
            }))
        })
    }

    /// Accepts a call: routes it, judges its urgency, sets its deadline and stores it; a sure
    /// routing is dispatched to the office at once, an unsure one waits for an agent.
    public func create(_ request: WorkOrderCreateRequest, by: String, now: CypherDateTime? = nil) throws -> WorkOrder {
        let now = now ?? WorkOrderBook.clock()
        let channel = request.channel ?? "phone"
        guard WorkOrderCreateRequest.channels.contains(channel) else {
            throw WorkOrderError.invalid("\"channel\" must be one of \(WorkOrderCreateRequest.channels.joined(separator: ", ")), not \"\(channel.prefix(40))\"")
        }
        if let phone = request.callerPhone {
            guard (3...20).contains(phone.count), phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+-* ".contains($0)) }) else {
                throw WorkOrderError.invalid("\"callerPhone\" must be 3 to 20 digits (with + - * or spaces)")
            }
        }
        if let address = request.address, address.count > 500 { throw WorkOrderError.invalid("\"address\" is longer than 500 characters") }
        let received = try WorkOrder.time(request.receivedAt, field: "receivedAt") ?? now
        if received.epochSeconds > now.epochSeconds + WorkOrder.clockSkew {
            throw WorkOrderError.invalid("\"receivedAt\" \(received) is in the future; omit it for now")
        }
        if received.epochSeconds < now.epochSeconds - Self.maxReceiptAge {
            throw WorkOrderError.invalid("\"receivedAt\" \(received) is more than 30 days ago; a call is accepted within 30 days of coming in")
        }
        let text = request.text.trimmingWhitespace
        let routing = try hotline.router().route(text: text, address: request.address)
        let urgency: Urgency, source: String
        if let agent = request.urgency { (urgency, source) = (agent, "agent") } else {
            urgency = Urgency(rawValue: try self.urgency().predict(text).urgency) ?? .priority
            source = "model"
        }
        let dispatch = !routing.needsHuman && routing.office != nil
        return try book.create(callerPhone: request.callerPhone, adcode: routing.place?.adcode) { id in
            WorkOrder.accept(id: id, text: text, address: request.address, channel: channel, receivedAt: received, urgency: urgency,
                             urgencySource: source, intent: routing.intent, office: routing.office?.code, dispatch: dispatch, by: by,
                             routing: Self.stored(routing.wireValue), calendar: book.calendar, limits: book.limits)
        }
    }

    /// `GET /v1/hotline/workorders`: orders matching the filters, newest first.
    public func list(_ request: WorkOrderListRequest) throws -> WorkOrderPage {
        let code = ErrorCode.invalidWorkOrderRequest
        var filter = WorkOrderBook.Filter()
        if let s = request.status {
            guard let status = WorkOrderStatus(rawValue: s) else {
                throw WorkOrderError.invalid("status must be one of \(WorkOrderStatus.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(s.prefix(40))\"")
            }
            filter.status = status
        }
        if let region = request.region {
            guard region.count == 6, region.allSatisfy(\.isNumber) else { throw WorkOrderError.invalid("region must be a 6-digit adcode such as 450103") }
            filter.region = region
        }
        filter.office = request.office
        filter.intent = request.intent
        filter.since = try WorkOrder.time(request.since, field: "since")
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000, code: code)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max), code: code)
        let (total, orders) = try book.list(filter, limit: limit, offset: offset)
        return WorkOrderPage(total: total, limit: limit, offset: offset, orders: orders)
    }

    /// `POST /v1/hotline/workorders/{id}/events`. Who acted is `actor` (the caller's key); the body's
    /// `by` is a display name recorded beside it. Notes have personal numbers masked before they are stored.
    @discardableResult
    public func event(id: String, _ request: WorkOrderEventRequest, actor: String, supervisor: Bool, idempotencyKey: String? = nil,
                      now: CypherDateTime? = nil) throws -> WorkOrder {
        var r = request
        let display = request.by.trimmingWhitespace
        guard display.count <= 64, !display.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) else {
            throw WorkOrderError.invalid("\"by\" is a display name of at most 64 characters on one line; who acted is taken from the API key")
        }
        r.by = display.isEmpty ? actor : "\(TextRedactor.redactStrictly(display)) [\(actor)]"
        r.note = request.note.map(TextRedactor.redactStrictly)
        return try book.apply(id, r, supervisor: supervisor, idempotencyKey: idempotencyKey, now: now).order
    }

    /// The closing-time history, rebuilt when the graph changes.
    public func closeTimes() throws -> CloseTimeHistory {
        let version = hotline.graph.graphVersion
        if let h = lock.withLock({ history }), h.graphVersion == version { return h.history }
        let built = CloseTimeHistory(cases: try hotline.current().cases, calendar: book.calendar)
        lock.withLock { history = (version, built) }
        return built
    }

    /// Every order of the graph, read again when the graph changes.
    public func records() throws -> WorkOrderRecords {
        let version = hotline.graph.graphVersion
        if let r = lock.withLock({ lastRecords }), r.graphVersion == version { return r.records }
        let built = try WorkOrderRecords(graph: hotline.graph, cases: try hotline.current().cases)
        lock.withLock { lastRecords = (version, built) }
        return built
    }

    /// The close-time cases of every order (redone when the graph changes) and the model trained on all of
    /// them as of the newest time they hold. Each event changes the graph, so the model is refitted only
    /// when it is older than ten minutes or the orders grew by 1 % since; the cases (loads, rerouting) are
    /// always current.
    public func closeTimeModel() throws -> (cases: [String: CloseTimeCase], model: CloseTimeModel) {
        let version = hotline.graph.graphVersion
        let (last, fit) = lock.withLock { (lastModel, fitted) }
        if let last, last.graphVersion == version { return (last.cases, last.model) }
        let all = try closeTimeCases()
        let cases = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Int64(Date().timeIntervalSince1970)
        let model: CloseTimeModel
        if let last, let fit, now - fit.at < Self.refitAfter, all.count * 100 < fit.orders * 101 {
            model = last.model
        } else {
            let asOf = all.map { max($0.received, $0.closed ?? 0) }.max() ?? 0
            model = try CloseTimeModel(cases: all, asOf: asOf + 1, calendar: book.calendar)
            lock.withLock { fitted = (now, all.count) }
        }
        lock.withLock { lastModel = (version, cases, model) }
        return (cases, model)
    }

    /// The close-time cases of every order of the graph.
    public func closeTimeCases() throws -> [CloseTimeCase] {
        let model = try hotline.router().model
        let intentDepartment = Dictionary(zip(model.intents, model.departmentOfIntent), uniquingKeysWith: { a, _ in a })
        return CloseTimeCase.cases(try records(), intentDepartment: intentDepartment, calendar: book.calendar, limits: book.limits)
    }

    /// `GET /v1/hotline/overdue`: open orders past their deadline or due within `within` (default
    /// 24 hours), soonest first, each with the chance it closes late (the close-time model, given it is
    /// still open now) and why.
    public func overdue(_ request: OverdueRequest, now: CypherDateTime? = nil) throws -> OverduePage {
        let now = now ?? WorkOrderBook.clock()
        let code = ErrorCode.invalidWorkOrderRequest
        let within = try request.within.map { text -> Int64 in
            guard let s = OverdueRequest.seconds(text), s <= 366 * 86_400 else {
                throw WorkOrderError.invalid("\"within\" must be an ISO 8601 duration up to a year such as PT24H, PT30M or P2D, not \"\(text.prefix(40))\"")
            }
            return s
        } ?? 86_400
        if let region = request.region, !(region.count == 6 && region.allSatisfy(\.isNumber)) {
            throw WorkOrderError.invalid("region must be a 6-digit adcode such as 450103")
        }
        let limit = try RequestParameters.integer(request.limit, name: "limit", fallback: 50, range: 1...1000, code: code)
        let offset = try RequestParameters.integer(request.offset, name: "offset", fallback: 0, range: 0...Int(Int32.max), code: code)
        let history = try closeTimes()
        let (cases, model) = try closeTimeModel()
        let calendar = book.calendar
        var items: [OverdueItem] = []
        for order in try book.list(.init(office: request.office, region: request.region), limit: Int.max, offset: 0).orders where order.status.isOpen {
            let dueIn = order.deadline.epochSeconds - now.epochSeconds
            guard dueIn <= within else { continue }
            let limit = book.limits.limit(urgency: order.urgency, intent: order.intent)
            let (elapsed, budget): (Int64, Int64) = limit.clock == .working
                ? (calendar.workingSeconds(from: order.receivedAt, to: now), calendar.workingSeconds(from: order.receivedAt, to: order.deadline))
                : (now.epochSeconds - order.receivedAt.epochSeconds, order.deadline.epochSeconds - order.receivedAt.epochSeconds)
            var why: [String] = [dueIn < 0 ? "overdue by \(Self.hours(-dueIn))" : "due in \(Self.hours(dueIn))"]
            let p: Double, basis: String
            if let c = cases[order.id] {
                p = model.lateProbability(c, elapsed: elapsed, budget: budget)
                basis = "model"
                why += model.slowingFactors(c).prefix(3).map { Self.reason($0.name, c, model) }
            } else {
                let (curve, b) = history.curve(office: order.office, intent: order.intent)
                p = curve.lateProbability(elapsed: elapsed, deadline: budget)
                basis = b
            }
            let (curve, curveBasis) = history.curve(office: order.office, intent: order.intent)
            if let median = curve.median {
                let whose = curveBasis == "office" ? "office \(order.office ?? "")" : curveBasis == "intent" ? "intent \(order.intent)" : "all orders"
                why.append("\(whose) closes half its orders within \(Self.hours(median)) of working time (\(curve.observations) past orders)")
            }
            why.append("\(Self.hours(elapsed)) of \(limit.clock == .working ? "working" : "calendar") time used of \(Self.hours(budget))")
            if order.status == .pendingReview || order.status == .returned { why.append("not yet with an office (\(order.status.rawValue))") }
            items.append(OverdueItem(id: order.id, status: order.status, urgency: order.urgency, intent: order.intent, office: order.office,
                                     deadline: order.deadline.description, dueInSeconds: dueIn, overdue: dueIn < 0,
                                     lateProbability: (p * 1_000).rounded() / 1_000, basis: basis, why: why))
        }
        items.sort { $0.dueInSeconds != $1.dueInSeconds ? $0.dueInSeconds < $1.dueInSeconds : $0.id < $1.id }
        return OverduePage(asOf: now.description, withinSeconds: within, total: items.count, limit: limit, offset: offset,
                           orders: Array(items.dropFirst(offset).prefix(limit)))
    }

    /// A slowing factor of the close-time model in words.
    static func reason(_ feature: String, _ c: CloseTimeCase, _ model: CloseTimeModel) -> String {
        switch feature {
        case "office_late_rate": return String(format: "office %@ closed %.0f %% of its past orders late", c.office ?? "?", 100 * model.officeRate(c))
        case "intent_late_rate": return String(format: "orders of intent %@ closed late %.0f %% of the time", c.intent ?? "?", 100 * (c.intent.flatMap { model.intentLateRate[$0] } ?? model.overallLateRate))
        case "log_office_load": return "its office had \(c.load) orders open when it came in"
        case "rerouted": return "sent to an office that does not handle it, returned or reassigned"
        case "rest_days_ahead": return "\(c.restDaysAhead) rest days in the week after it came in"
        case "after_hours": return "came in outside office hours"
        default: return "came in on a \(feature)"
        }
    }

    static func hours(_ seconds: Int64) -> String {
        seconds >= 172_800 ? String(format: "%.1f days", Double(seconds) / 86_400) : String(format: "%.1f hours", Double(seconds) / 3_600)
    }
}
