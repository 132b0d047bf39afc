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
    private let lock = NSLock()
    private var urgencyModel: UrgencyModel?

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
        if received.epochSeconds > now.epochSeconds + 300 {
            throw WorkOrderError.invalid("\"receivedAt\" \(received) is in the future; omit it for now")
        }
        let routing = try hotline.router().route(text: request.text, address: request.address)
        let urgency: Urgency, source: String
        if let agent = request.urgency { (urgency, source) = (agent, "agent") } else {
            urgency = Urgency(rawValue: try self.urgency().predict(request.text).urgency) ?? .normal
            source = "model"
        }
        let dispatch = !routing.needsHuman && routing.office != nil
        return try book.create(callerPhone: request.callerPhone, adcode: routing.place?.adcode) { id in
            WorkOrder.accept(id: id, text: request.text, address: request.address, channel: channel, receivedAt: received, urgency: urgency,
                             urgencySource: source, intent: routing.intent, office: routing.office?.code, dispatch: dispatch, by: by,
                             routing: routing.wireValue, calendar: book.calendar, limits: book.limits)
        }
    }
}
