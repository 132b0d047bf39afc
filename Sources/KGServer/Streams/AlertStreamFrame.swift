import GovSupervision
import KGCore

/// One Server-Sent Events frame of the alert stream: `id` (the store's change counter and the
/// alert id), `event` (`alert` or `update`) and `data` (the alert as `GET /v1/risk/alerts` shows
/// it, on one line), or a comment for a heartbeat.
enum AlertStreamFrame {
    /// The frame's text. `full` false (dashboard keys): only the fields a map needs — id, domain, level,
    /// status, region, score, trigger, period, outcome and times — not the enterprise, its USCC,
    /// the reasons, the notes or who acted.
    static func text(_ event: AlertStreamHub.Event, full: Bool) -> String {
        guard let alert = event.alert else { return ": heartbeat \(event.graphVersion)\n\n" }
        let json: JSON
        if full, let encoded = try? Wire.json(alert) {
            json = encoded
        } else {
            json = .object([("id", .string(alert.code)), ("domain", .string(alert.domain)), ("level", .string(alert.level)), ("status", .string(alert.status)),
                            ("adcode", .string(alert.adcode)), ("score", .double(alert.score)), ("trigger", .string(alert.trigger)),
                            ("period", .string(alert.period)), ("outcome", alert.outcome.map { .string($0) } ?? .null),
                            ("createdAt", alert.createdAt.map { .string($0.description) } ?? .null),
                            ("acknowledgedAt", alert.acknowledgedAt.map { .string($0.description) } ?? .null),
                            ("resolvedAt", alert.resolvedAt.map { .string($0.description) } ?? .null)])
        }
        return "id: \(event.graphVersion)-\(alert.code)\nevent: \(event.kind)\ndata: \(JSONWriter.string(json))\n\n"
    }
}
