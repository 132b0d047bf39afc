import Foundation
import KGCore
import KGML

/// Quality inspection (智能质检) of the hotline's work orders, history and live alike:
///
/// - **Misroute**: the order's office is of a department that does not handle its recorded intent;
///   a confident router, reading the text alone, picks another department than the office's; the
///   office returned the order (退单) or an agent reassigned it.
/// - **Unresolved**: closed, and the same caller called again about the same intent in the same
///   place within 30 days of the closing; or the caller was dissatisfied at the follow-up; or the
///   order was reopened.
///
/// Every flag carries its evidence with a weight; the flag's score combines them as independent
/// signals (1 − Π(1 − w)).
public struct QualityInspector: Sendable {
    public typealias Order = WorkOrderRecords.Order

    /// Days after a closing within which a call of the same caller, place and intent means the problem stayed.
    public static let repeatWindowDays: Int64 = 30
    /// Satisfaction values that mean dissatisfied (the loop's and the demo history's).
    static let dissatisfied: Set<String> = ["dissatisfied", "差", "不满意"]

    public let orders: [Order]
    /// Every flag, strongest first.
    public let flags: [QualityFlag]

    /// Inspects every order of `records` with `model` as the router; `predict` gives the router's
    /// reading of an order's text (by default `model.predict`; the service remembers them by order,
    /// since an order's text never changes).
    public init(records: WorkOrderRecords, model: RoutingModel, predict: ((Order) -> RoutingModel.Prediction)? = nil) {
        let predict = predict ?? { model.predict($0.text) }
        let orders = records.orders, officeDepartment = records.officeDepartment
        let intentDepartment = Dictionary(zip(model.intents, model.departmentOfIntent), uniquingKeysWith: { a, _ in a })
        var flags: [QualityFlag] = []
        for o in orders {
            if let f = Self.misroute(o, predict: predict, officeDepartment: officeDepartment, intentDepartment: intentDepartment) { flags.append(f) }
        }
        flags += Self.unresolved(orders)
        flags.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        self.orders = orders
        self.flags = flags
    }

    static func misroute(_ o: Order, predict: (Order) -> RoutingModel.Prediction, officeDepartment: [String: String],
                         intentDepartment: [String: String]) -> QualityFlag? {
        guard let office = o.office else { return nil }
        var evidence: [QualityEvidence] = []
        let officeDept = officeDepartment[office]
        if let officeDept, let intent = o.intent, let responsible = intentDepartment[intent], responsible != officeDept {
            evidence.append(.init(code: "office_not_responsible", weight: 0.8,
                                  detail: "诉求类别 \(intent) 应由 \(responsible) 类部门办理，实际派往 \(office)（\(officeDept)）"))
        }
        var suggestion: RoutingModel.Prediction?
        if let officeDept, !o.text.isEmpty {
            let p = predict(o)
            if !p.needsHuman, p.department != officeDept {
                suggestion = p
                evidence.append(.init(code: "router_disagrees", weight: min(0.95, p.confidence * 0.9),
                                      detail: String(format: "路由模型按文本判断为 %@（%@，置信度 %.2f），与承办单位 %@（%@）不一致",
                                                     p.intents[0].intent, p.department, p.confidence, office, officeDept)))
            }
        }
        if o.returns > 0 { evidence.append(.init(code: "returned", weight: 0.7, detail: "承办单位退单 \(o.returns) 次")) }
        if o.reassignments > 0 { evidence.append(.init(code: "reassigned", weight: 0.5, detail: "座席改派 \(o.reassignments) 次")) }
        guard !evidence.isEmpty else { return nil }
        return flag(o, .misroute, evidence, suggestion: suggestion)
    }

    static func unresolved(_ orders: [Order]) -> [QualityFlag] {
        // Calls of one caller about one intent in one place, in time order.
        var calls: [String: [(received: Int64, code: String)]] = [:]
        for o in orders {
            guard let phone = o.phone, let intent = o.intent, let received = o.receivedAt else { continue }
            calls[phone + "|" + intent + "|" + (o.adcode ?? ""), default: []].append((received.epochSeconds, o.code))
        }
        for k in calls.keys { calls[k]!.sort { $0.received < $1.received } }
        var out: [QualityFlag] = []
        for o in orders {
            guard let closed = o.closedAt else { continue }
            var evidence: [QualityEvidence] = []
            if let phone = o.phone, let intent = o.intent, let list = calls[phone + "|" + intent + "|" + (o.adcode ?? "")] {
                let end = closed.epochSeconds + repeatWindowDays * 86_400
                let again = list.filter { $0.code != o.code && $0.received > closed.epochSeconds && $0.received <= end }
                if let first = again.first {
                    evidence.append(.init(code: "repeat_call", weight: 0.85,
                                          detail: "办结后 \(repeatWindowDays) 天内同一来电人就同一地点同一诉求再次来电 \(again.count) 次（首次 \(first.code)）"))
                }
            }
            if let s = o.satisfaction, dissatisfied.contains(s) {
                evidence.append(.init(code: "dissatisfied", weight: 0.7, detail: "回访不满意"))
            }
            if o.reopenings > 0 { evidence.append(.init(code: "reopened", weight: 0.8, detail: "办结后重新打开 \(o.reopenings) 次")) }
            if !evidence.isEmpty { out.append(flag(o, .unresolved, evidence, suggestion: nil)) }
        }
        return out
    }

    static func flag(_ o: Order, _ kind: QualityKind, _ evidence: [QualityEvidence], suggestion: RoutingModel.Prediction?) -> QualityFlag {
        let score = 1 - evidence.reduce(1.0) { $0 * (1 - $1.weight) }
        return QualityFlag(id: o.code, kind: kind, score: (score * 1_000).rounded() / 1_000, intent: o.intent, office: o.office,
                           region: o.adcode, receivedAt: o.receivedAt?.description, closedAt: o.closedAt?.description,
                           suggestedIntent: suggestion?.intents[0].intent, suggestedDepartment: suggestion?.department, evidence: evidence)
    }
}
