import KGCore
import KGML

/// Live orders for the demo: calls accepted through the loop and moved by simulated agents and
/// offices up to the present, so the database holds orders in every state with their events — some
/// still waiting for review, some overdue, some returned and reassigned, some closed, dissatisfied
/// or reopened. Agents correct the router with each call's true intent (stored as corrections).
public struct WorkOrderSimulation {
    /// One call: its text, the intent it truly is (nil: whatever the router says), where it is (adcode) and when it came in.
    public struct Call: Sendable {
        public let text: String
        public let intent: String?
        public let adcode: String?
        public let callerPhone: String
        public let channel: String
        public let receivedAt: Int64

        public init(text: String, intent: String?, adcode: String?, callerPhone: String, channel: String, receivedAt: Int64) {
            self.text = text; self.intent = intent; self.adcode = adcode; self.callerPhone = callerPhone
            self.channel = channel; self.receivedAt = receivedAt
        }
    }

    /// A small deterministic generator (SplitMix64).
    struct Mix {
        var state: UInt64
        mutating func unit() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func chance(_ p: Double) -> Bool { unit() < p }
        mutating func seconds(_ from: Double, _ to: Double) -> Int64 { Int64(from + (to - from) * unit()) }
    }

    let service: WorkOrderService
    var rng: Mix

    public init(service: WorkOrderService, seed: UInt64) {
        self.service = service
        rng = Mix(state: seed)
    }

    static func instant(_ t: Int64) -> CypherDateTime { CypherDateTime(epochSeconds: t, nanoseconds: 0, offsetSeconds: WorkingCalendar.offsetSeconds) }

    /// Accepts every call and moves it on until the next step would lie after `clock`.
    /// - Returns: the orders by status.
    public mutating func run(_ calls: [Call], clock: Int64) throws -> [WorkOrderStatus: Int] {
        let router = try service.hotline.router()
        let book = service.book
        var statuses: [WorkOrderStatus: Int] = [:]
        for call in calls.sorted(by: { $0.receivedAt < $1.receivedAt }) {
            var order = try service.create(WorkOrderCreateRequest(text: call.text, channel: call.channel, callerPhone: call.callerPhone,
                                                                  receivedAt: Self.instant(call.receivedAt).description),
                                           by: "demo-agent", now: Self.instant(call.receivedAt + 60))
            let trueIntent = call.intent ?? order.intent
            let department = router.model.departmentOfIntent[router.model.intents.firstIndex(of: trueIntent) ?? 0]
            let chain = (order.adcode ?? call.adcode).map { router.places.ancestry($0) } ?? []
            let rightOffice = router.offices.office(department: department, ancestry: chain)?.code
            var t = call.receivedAt + rng.seconds(600, 3_600)
            func step(_ type: WorkOrderEventType, by: String, office: String? = nil, intent: String? = nil, note: String? = nil,
                      satisfaction: Satisfaction? = nil, until: String? = nil, supervisor: Bool = false) throws -> Bool {
                guard t <= clock else { return false }
                order = try book.apply(order.id, WorkOrderEventRequest(type: type, by: by, office: office, intent: intent, note: note,
                                                                      satisfaction: satisfaction, until: until),
                                       supervisor: supervisor, now: Self.instant(t)).order
                return true
            }
            var running = true
            if order.status == .pendingReview {
                // An agent reviews it: the true intent and its office (a correction when the router differed).
                if let rightOffice, rng.chance(0.95) {
                    running = try step(.dispatch, by: "demo-agent", office: rightOffice, intent: trueIntent == order.intent ? nil : trueIntent)
                } else { running = false }
            }
            var reopened = false
            while running && order.status != .closed && order.status != .pendingReview {
                let urgent = order.urgency == .urgent
                switch order.status {
                case .dispatched:
                    t += urgent ? rng.seconds(300, 1_800) : rng.seconds(1_800, 30 * 3_600)
                    if order.intent != trueIntent || order.office != rightOffice, rng.chance(0.7) {
                        running = try step(.return, by: "demo-office", note: "不属于本单位职责")
                    } else {
                        running = try step(.sign, by: "demo-office")
                    }
                case .returned:
                    t += rng.chance(0.3) ? rng.seconds(86_400, 3 * 86_400) : rng.seconds(3_600, 30 * 3_600)
                    if let rightOffice, rightOffice != order.office {
                        running = try step(.reassign, by: "demo-agent", office: rightOffice, intent: trueIntent == order.intent ? nil : trueIntent)
                    } else { running = false }
                case .signed:
                    let budget = order.deadline.epochSeconds - t
                    t += urgent ? rng.seconds(600, 3 * 3_600) : Int64(Double(max(budget, 86_400)) * (0.2 + 1.3 * rng.unit()))
                    // A supervisor escalates what is past its deadline before the reply.
                    if t > order.deadline.epochSeconds, order.deadline.epochSeconds + 3_600 <= clock, rng.chance(0.6) {
                        let reply = t
                        t = order.deadline.epochSeconds + 3_600
                        running = try step(.supervise, by: "demo-supervisor", note: "已超期，请加快办理", supervisor: true)
                        t = max(reply, t + 60)
                        guard running else { break }
                    }
                    running = try step(.reply, by: "demo-office", note: "已处理并答复来电人")
                case .replied:
                    t += rng.seconds(3_600, 2 * 86_400)
                    let u = rng.unit()
                    running = try step(.visit, by: "demo-agent", satisfaction: u < 0.78 ? .satisfied : (u < 0.92 ? .basicallySatisfied : .dissatisfied))
                case .visited:
                    t += rng.seconds(3_600, 2 * 86_400)
                    running = try step(.close, by: "demo-agent")
                    if running, !reopened, order.events.last(where: { $0.type == .visit })?.satisfaction == .dissatisfied, rng.chance(0.5) {
                        reopened = true
                        t += rng.seconds(86_400, 3 * 86_400)
                        running = try step(.reopen, by: "demo-agent", note: "来电人反映问题未解决")
                    }
                default:
                    running = false
                }
            }
            statuses[order.status, default: 0] += 1
        }
        return statuses
    }
}
