import NIOCore

/// One result of a RUN, as the connection sees it: its query runs on the worker thread and
/// streams through `stream`; rows it was told to keep (another RUN came in the same
/// transaction before this result was consumed) wait in `buffered`.
final class BoltResult {
    /// The result's id in its transaction (`qid`); -1 for an auto-commit result.
    let qid: Int64
    let stream: RecordStream
    let requestID: String
    let requestHash: String
    let started: NIODeadline
    /// The name of the database the query runs on.
    var database = BoltDatabases.defaultName
    /// Gives the expensive-query gate's slot back (called once, when the query is over).
    var release: (@Sendable () -> Void)?
    /// Whether RUN's SUCCESS has gone out.
    var columnsSent = false
    /// Keep rows here instead of sending them (a later RUN needs the worker).
    var buffering = false
    /// Framed RECORD messages kept while buffering.
    var buffered: [[UInt8]] = []
    /// The summary once the query ended well.
    var summary: [String: PackValue]?
    /// The failure once the query ended badly, until reported.
    var failure: BoltFailure?

    init(qid: Int64, requestID: String, requestHash: String, started: NIODeadline, timeoutSeconds: Double) {
        self.qid = qid; self.requestID = requestID; self.requestHash = requestHash; self.started = started
        stream = RecordStream(waitLimitSeconds: timeoutSeconds)
    }

    /// Whether the query is over (well or badly).
    var isOver: Bool { summary != nil || failure != nil }
}
