/// A `FlatMapStream` that reads its input a batch of rows ahead and shows each batch to
/// `prepare` before expanding its rows one by one, in order.
///
/// The expansions use it on graphs where each read is a round trip (`prefersBatchedReads`):
/// `prepare` reads the relationships of the whole batch's nodes at once, and the per-row
/// expansion then answers from memory. The rows out are those of a `FlatMapStream`, in the same
/// order. Only reading queries use it: reading the input ahead would run the input's writes
/// before the rows already read are expanded.
///
/// Batches start small and double (16, 32, … `maxBatch`), so that a query that stops early
/// (`LIMIT 1`) reads little ahead.
final class BatchedFlatMapStream: RowStream {
    private let input: RowStream
    private let prepare: ([Row]) throws -> Void
    private let expand: (Row) throws -> RowStream
    private let maxBatch: Int
    private var batchSize = 16
    private var pending: [Row] = []
    private var position = 0
    private var inputDone = false
    private var inner: RowStream?

    init(_ input: RowStream, maxBatch: Int = 500, prepare: @escaping ([Row]) throws -> Void, _ expand: @escaping (Row) throws -> RowStream) {
        self.input = input
        self.maxBatch = maxBatch
        self.prepare = prepare
        self.expand = expand
    }

    override func next() throws -> Row? {
        while true {
            if let inner, let r = try inner.next() { return r }
            inner = nil
            if position == pending.count {
                guard !inputDone else { return nil }
                pending.removeAll(keepingCapacity: true)
                position = 0
                while pending.count < batchSize {
                    guard let row = try input.next() else { inputDone = true; break }
                    pending.append(row)
                }
                batchSize = min(maxBatch, batchSize * 2)
                if pending.isEmpty { return nil }
                try prepare(pending)
            }
            let row = pending[position]
            position += 1
            inner = try expand(row)
        }
    }
}
