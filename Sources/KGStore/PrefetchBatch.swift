/// The ids a batched read still has to fetch, and the chunks it fetches them in.
///
/// The prefetches of `StoreTransaction` (`prefetchNodes`, `prefetchRelationships`,
/// `prefetchAdjacency`) share one shape: of the ids the caller hands over, keep those its cache
/// lacks, each once and in the order first seen (a batch of rows names the same hub many
/// times), then read them with one statement per `size` ids. The bound is SQLite's: its `IN`
/// list binds one parameter per id. PostgreSQL binds one array whatever its length, but the
/// same bound keeps each statement's result, and the memory it takes, small.
///
/// ```swift
/// let batch = PrefetchBatch(ids, size: Self.prefetchChunk) { relPropsCache[$0] == nil }
/// try batch.forEachChunk { chunk in /* one statement reading `chunk` */ }
/// ```
struct PrefetchBatch<ID: Hashable> {
    /// The ids to read: those `isMissing` accepted, each once, in the order first seen.
    let ids: [ID]
    /// The most ids one chunk holds.
    let size: Int

    /// Keeps the ids of `candidates` that `isMissing` accepts, without repeats.
    /// - Parameters:
    ///   - candidates: the ids asked for, repeats allowed.
    ///   - size: the most ids a chunk holds (at least 1).
    ///   - isMissing: whether an id still has to be read (not in the caller's cache); asked
    ///     once per candidate, before any chunk is read.
    init(_ candidates: some Sequence<ID>, size: Int, where isMissing: (ID) -> Bool) {
        precondition(size > 0, "a prefetch chunk holds at least one id, not \(size)")
        var ids: [ID] = []
        var seen = Set<ID>()
        for id in candidates where isMissing(id) && seen.insert(id).inserted { ids.append(id) }
        self.ids = ids
        self.size = size
    }

    /// Whether there is nothing to read.
    var isEmpty: Bool { ids.isEmpty }

    /// Calls `body` with consecutive slices of `ids`, each of at most `size` ids, in order.
    /// - Throws: what `body` throws; the chunks after it are not read.
    func forEachChunk(_ body: (ArraySlice<ID>) throws -> Void) rethrows {
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = min(ids.endIndex, start + size)
            try body(ids[start..<end])
            start = end
        }
    }
}
