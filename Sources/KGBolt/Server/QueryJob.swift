import KGCore
import KGCypher
import KGEngine

/// One RUN's work on the worker thread: runs the query (auto-commit, or inside the explicit
/// transaction), encodes each row as a RECORD when the stream has demand for it, and posts the
/// records in batches of about `batchBytes` (so a small result is one write, a large one is
/// streamed without being held whole).
struct QueryJob: Sendable {
    static let batchBytes = 64 << 10

    let graph: KnowledgeGraph
    let transaction: TransactionBox
    let inTransaction: Bool
    let query: String
    let parameters: [String: Value]
    let options: QueryOptions
    let masked: Bool
    let version: BoltVersion
    let stream: RecordStream
    /// Hands an event to the connection's event loop.
    let post: @Sendable (QueryEvent) -> Void

    func execute() {
        var batch: [[UInt8]] = []
        var bytes = 0
        var rows = 0
        func flush() {
            guard !batch.isEmpty else { return }
            stream.posted(bytes)
            post(.records(batch, bytes: bytes))
            batch = []
            bytes = 0
        }
        let onColumns: ([String]) throws -> Void = { post(.columns($0)) }
        let onRow: ([Value], GraphReadable) throws -> Void = { values, graph in
            let disposition = try stream.next { generation in
                flush()
                post(.suspended(generation: generation))
            }
            rows += 1
            guard disposition == .send else { return }
            let fields = try values.map { try PackStreamMapping.encode($0, graph: graph, version: version) }
            var record: [UInt8] = []
            ChunkAssembler.frame(PackStreamEncoder.encode(BoltResponse.record(fields).packValue), into: &record)
            bytes += record.count
            batch.append(record)
            if bytes >= Self.batchBytes { flush() }
        }
        do {
            let result: QueryResult
            if inTransaction {
                guard let tx = transaction.transaction, tx.isOpen else {
                    throw BoltFailure.transactionNotFound("the transaction is no longer open; begin a new one")
                }
                result = try tx.run(query, parameters: parameters, options: options, onColumns: onColumns, onRow: onRow)
            } else {
                result = try graph.query(query, parameters: parameters, options: options, masked: masked,
                                         onColumns: onColumns, onRow: onRow)
            }
            flush()
            post(.done(result, rows: rows))
        } catch {
            flush()
            // A failed query ends its transaction (`CypherTransaction` rolled it back).
            if inTransaction { transaction.rollback() }
            let located: Error = (error as? CypherError).map { $0.located(in: query) } ?? error
            post(.failed(BoltFailure.from(located), rows: rows, cancelled: error is RecordStream.Cancelled))
        }
    }
}
