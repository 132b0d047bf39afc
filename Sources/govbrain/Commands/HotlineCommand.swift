import ArgumentParser
import Foundation
import GovHotline
import KGCore
import KGEngine

/// `govbrain hotline`: the closed loop of work orders (接诉即办) from the command line, with the
/// fields of `POST /v1/hotline/workorders` and its events.
struct HotlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotline",
        abstract: "Work orders: accept a call, show, list and move orders through the loop.",
        discussion: """
        Examples:
          govbrain hotline create --text "我是青秀区的，我们小区停水两天了" --channel phone
          govbrain hotline create --input calls.jsonl --timing > accepted.jsonl
          govbrain hotline show WO000030001
          govbrain hotline list --status dispatched --region 450100 --limit 20
          govbrain hotline event WO000030001 --type sign --by "水务局值班员"
          govbrain hotline overdue --within PT24H --region 450100
          govbrain hotline overdue --evaluate
          govbrain hotline quality --kind misroute --since 2024-06-01
          govbrain hotline event WO000030001 --type extend --until 2024-10-20T10:00:00+08:00 --by chief --supervisor
        """,
        subcommands: [Create.self, Show.self, List.self, Event.self, HotlineOverdue.self, HotlineQuality.self])

    /// The service over the database (the loop writes: opened read-write).
    static func service(_ database: DatabaseOptions, models: String?) throws -> WorkOrderService {
        guard KnowledgeGraph.databaseExists(database.db) else {
            throw EngineError(code: .databaseMissing, message: "no database at \(database.shown); build one with `govbrain demo build`")
        }
        let graph = try database.open()
        return try WorkOrderService(hotline: HotlineService(graph: graph, modelsPath: models))
    }

    /// Who acts from the command line.
    static let actor = "cli"

    static func show(_ order: WorkOrder, format: TextOrJSON) throws {
        switch format {
        case .json: try Printer.json(order)
        case .text:
            Swift.print("\(order.id)  \(order.status.rawValue)  \(order.urgency.rawValue) (\(order.urgencySource))  due \(order.deadline)")
            Swift.print("  intent \(order.intent), office \(order.office ?? "none"), received \(order.receivedAt) by \(order.channel)")
            Swift.print("  \(TextRedactor.redactStrictly(order.text))")
            for e in order.events {
                Swift.print("  \(e.sequence). \(e.at) \(e.type.rawValue) \(e.from?.rawValue ?? "-") → \(e.to.rawValue) by \(e.by)"
                            + (e.office.map { " office \($0)" } ?? "") + (e.correction ? " (correction)" : "")
                            + (e.deadline.map { " deadline \($0)" } ?? ""))
            }
            Swift.print("  next: \(order.allowedEvents.map(\.rawValue).joined(separator: ", "))")
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept a call: route it, judge its urgency, set its deadline, store it.",
            discussion: """
            With --input, accepts one call per line of a JSON Lines file (objects with "text" and optionally "address",
            "channel", "callerPhone", "receivedAt", "urgency"; other fields are ignored) and prints one line per call:
            {"line", "id", "status", "intent", "urgency"} or {"line", "error"}. --timing adds the latency of each
            acceptance (p50, p99 in ms) as JSON on standard error.
            """)
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The call as text.") var text: String?
        @Option(help: "A JSON Lines file of calls instead of --text.") var input: String?
        @Flag(help: "With --input: print the latency of each acceptance (p50, p99) to standard error.") var timing = false
        @Option(help: "The caller's address.") var address: String?
        @Option(help: "phone, web, app or wechat.") var channel: String = "phone"
        @Option(name: .customLong("caller-phone"), help: "The caller's number (stored, never printed).") var callerPhone: String?
        @Option(name: .customLong("received-at"), help: "When the call came in (ISO 8601; default now).") var receivedAt: String?
        @Option(help: "An agent's urgency (urgent, priority, normal) instead of the model's.") var urgency: Urgency?
        @Option(help: "Models folder (default: the project's Models/).") var models: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (text == nil) != (input == nil) else { throw ValidationError("give the call with --text or a file of calls with --input (one of them)") }
        }

        func run() throws {
            try CLIFailure.run {
                let service = try HotlineCommand.service(database, models: models)
                if let input {
                    try CreateBatch.run(input, service: service, timing: timing)
                    return
                }
                let order = try service.create(WorkOrderCreateRequest(text: text ?? "", address: address, channel: channel, callerPhone: callerPhone,
                                                                      receivedAt: receivedAt, urgency: urgency), by: HotlineCommand.actor)
                try HotlineCommand.show(order, format: output.format)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One work order with its history.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The order id (WO…).") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLIFailure.run { try HotlineCommand.show(try HotlineCommand.service(database, models: nil).book.find(id), format: output.format) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Work orders, newest first, filtered and paged.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A status (pending_review, dispatched, signed, returned, replied, visited, closed).") var status: String?
        @Option(help: "An office code.") var office: String?
        @Option(help: "A region's adcode (its sub-regions included).") var region: String?
        @Option(help: "An intent id.") var intent: String?
        @Option(help: "Received at or after (ISO 8601).") var since: String?
        @Option(help: "Page size (1–1000).") var limit: Int = 50
        @Option(help: "Orders to skip.") var offset: Int = 0
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLIFailure.run {
                let page = try HotlineCommand.service(database, models: nil).list(
                    WorkOrderListRequest(status: status, office: office, region: region, intent: intent, since: since,
                                         limit: String(limit), offset: String(offset)))
                switch output.format {
                case .json: try Printer.json(page)
                case .text:
                    print("\(page.total) orders; \(page.orders.count) from \(page.offset)")
                    for o in page.orders {
                        print("\(o.id)  \(o.status.rawValue)  \(o.urgency.rawValue)  due \(o.deadline)  \(o.intent)  \(o.office ?? "-")")
                    }
                }
            }
        }
    }

    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a work order: dispatch, sign, return, reassign, reply, visit, close, reopen, extend or supervise.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The order id (WO…).") var id: String
        @Option(help: "The event.") var type: WorkOrderEventType
        @Option(help: "Who acts (a display name).") var by: String
        @Option(help: "dispatch, reassign: the office code.") var office: String?
        @Option(help: "dispatch, reassign: the corrected intent.") var intent: String?
        @Option(help: "A note (personal numbers are masked).") var note: String?
        @Option(help: "visit: satisfied, basically_satisfied or dissatisfied.") var satisfaction: Satisfaction?
        @Option(help: "extend: the new deadline (ISO 8601).") var until: String?
        @Option(help: "When it happened (ISO 8601; default now).") var at: String?
        @Option(name: .customLong("idempotency-key"), help: "Applied once however often it is sent.") var idempotencyKey: String?
        @Flag(help: "Act as a supervisor (escalate, extend an overdue order).") var supervisor = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLIFailure.run {
                let request = WorkOrderEventRequest(type: type, by: by, office: office, intent: intent, note: note, satisfaction: satisfaction,
                                                    until: until, at: at)
                let order = try HotlineCommand.service(database, models: nil).event(id: id, request, actor: HotlineCommand.actor,
                                                                                    supervisor: supervisor, idempotencyKey: idempotencyKey)
                try HotlineCommand.show(order, format: output.format)
            }
        }
    }
}

/// `govbrain hotline overdue`.
struct HotlineOverdue: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue", abstract: "Open orders past their deadline or due within a window, with the chance each closes late and why.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "A region's adcode (its sub-regions included).") var region: String?
    @Option(help: "An office code.") var office: String?
    @Option(help: "ISO 8601 duration: orders due within it are listed too.") var within: String = "PT24H"
    @Option(help: "Page size (1–1000).") var limit: Int = 50
    @Option(help: "Orders to skip.") var offset: Int = 0
    @Flag(help: "Evaluate the close-time model on a time-ordered split of the history instead, against the office's late rate.") var evaluate = false
    @Option(help: "With --evaluate: the share of the history (oldest first) trained on.") var trainShare: Double = 0.7
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLIFailure.run {
            if evaluate {
                let service = try HotlineCommand.service(database, models: nil)
                let e = try OverdueEvaluation(cases: try service.closeTimeCases(), calendar: service.book.calendar, trainShare: trainShare)
                switch output.format {
                case .json: try Printer.json(e)
                case .text:
                    print("trained on \(e.trainingOrders) orders received before \(e.cutoff); \(e.testOrders) later orders, \(String(format: "%.1f", 100 * e.lateShare)) % closed late")
                    for s in e.scores {
                        print(String(format: "%-28@ AUC %.3f  Brier %.3f  calibration error %.3f", s.predictor as NSString, s.auc, s.brier, s.calibrationError))
                    }
                    for b in e.reliability {
                        print(String(format: "  predicted %.1f–%.1f: %5d orders, mean predicted %.3f, observed late %.3f", b.from, b.to, b.orders, b.predicted, b.observed))
                    }
                    print("hazard ratio of closing per standard deviation: " + e.hazardRatios.sorted { $0.key < $1.key }
                        .map { String(format: "%@ %.2f", $0.key as NSString, $0.value) }.joined(separator: ", "))
                }
                return
            }
            let page = try HotlineCommand.service(database, models: nil).overdue(
                OverdueRequest(region: region, office: office, within: within, limit: String(limit), offset: String(offset)))
            switch output.format {
            case .json: try Printer.json(page)
            case .text:
                print("\(page.total) orders overdue or due within \(within) as of \(page.asOf)")
                for o in page.orders {
                    print("\(o.id)  \(o.overdue ? "OVERDUE" : "due")  late \(String(format: "%.2f", o.lateProbability))  \(o.why.joined(separator: "; "))")
                }
            }
        }
    }
}

extension Urgency: ExpressibleByArgument {}
extension Satisfaction: ExpressibleByArgument {}
extension WorkOrderEventType: ExpressibleByArgument {}
