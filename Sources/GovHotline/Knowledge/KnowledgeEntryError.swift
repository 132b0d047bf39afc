import KGCore

/// Errors of the editable knowledge base: malformed requests (400), unknown entries (404), an
/// edit based on a version that is no longer the latest (409), publishing without a
/// supervisor's or admin's key (403).
public struct KnowledgeEntryError: GovBrainError {
    public let code: ErrorCode
    public let message: String
    public var phase: String { "knowledge" }

    public init(code: ErrorCode, message: String) { self.code = code; self.message = message }

    static func invalid(_ message: String) -> KnowledgeEntryError { KnowledgeEntryError(code: .invalidKnowledgeRequest, message: message) }

    static func notFound(_ id: String) -> KnowledgeEntryError {
        KnowledgeEntryError(code: .notFound, message: "no knowledge-base entry \(id.prefix(60)); list them with GET /v1/hotline/knowledge/entries")
    }

    static let publishNeedsReviewer = KnowledgeEntryError(
        code: .forbidden,
        message: "only supervisor and admin keys may publish knowledge-base entries; save it with \"status\": \"draft\" (the default) and ask a supervisor to publish it")

    static func stale(_ id: String, current: Int, sent: Int) -> KnowledgeEntryError {
        KnowledgeEntryError(code: .conflict, message: "entry \(id) is at version \(current), not \(sent): someone changed it meanwhile; GET it again, re-apply your change and send \"version\": \(current)")
    }
}
