/// A pull-based stream of rows: each operator is one, pulling from its input.
class RowStream {
    /// The next row, or nil when the stream is exhausted.
    func next() throws -> Row? { nil }
}

/// A stream over rows already in memory.
final class ArrayStream: RowStream {
    private var rows: [Row]
    private var i = 0
    init(_ rows: [Row]) { self.rows = rows }
    override func next() throws -> Row? {
        guard i < rows.count else { return nil }
        defer { i += 1 }
        return rows[i]
    }
}

/// A stream that produces, for each input row, the rows of a per-row generator.
final class FlatMapStream: RowStream {
    private let input: RowStream
    private let expand: (Row) throws -> RowStream
    private var inner: RowStream?

    init(_ input: RowStream, _ expand: @escaping (Row) throws -> RowStream) {
        self.input = input
        self.expand = expand
    }

    override func next() throws -> Row? {
        while true {
            if let inner, let r = try inner.next() { return r }
            guard let row = try input.next() else { return nil }
            inner = try expand(row)
        }
    }
}

/// A stream that computes each output row lazily from a closure (nil ends it).
final class GeneratorStream: RowStream {
    private let body: () throws -> Row?
    init(_ body: @escaping () throws -> Row?) { self.body = body }
    override func next() throws -> Row? { try body() }
}

/// Counts rows for PROFILE.
final class CountingStream: RowStream {
    private let input: RowStream
    private let ctx: ExecutionContext
    private let id: Int
    init(_ input: RowStream, ctx: ExecutionContext, id: Int) {
        self.input = input; self.ctx = ctx; self.id = id
    }
    override func next() throws -> Row? {
        let r = try input.next()
        var c = ctx.profile[id] ?? (0, 0)
        c.calls += 1
        if r != nil { c.rows += 1 }
        ctx.profile[id] = c
        return r
    }
}
