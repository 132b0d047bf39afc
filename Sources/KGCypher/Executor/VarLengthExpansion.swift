import KGCore

/// A variable-length expansion `(a)-[r*min..max]-(b)` from one source node: the trails (paths
/// with no repeated relationship) of `min…max` hops, in depth-first order, one row at a time.
///
/// The search keeps an explicit stack of (node, its relationships, the next to try) instead of
/// recursing, and yields each row as it is found: memory grows with the length of the current
/// trail, not with the number of trails, and a trail thousands of hops long cannot exhaust the
/// call stack. `MATCH p = (a)-[*]-(b) RETURN count(p)` on a dense graph so runs until its
/// timeout in constant memory.
final class VarLengthExpansion: RowStream {
    /// What one expansion matches.
    struct Spec {
        var relationshipVariable: String
        var target: String
        var types: [String]
        var direction: ExpandDirection
        var minHops: Int
        var maxHops: Int?
        /// The end node required (`(a)-[*]-(b)` with b bound), if any.
        var requiredEnd: Int64?
        /// Relationship properties required (`[r* {since: 2020}]`), evaluated.
        var requiredProperties: Value?
        /// The relationship list the variable is already bound to, if it is.
        var boundList: [Int64]?
        /// Relationships other pattern parts of the MATCH use (relationship uniqueness).
        var used: Set<Int64>
        /// Whether the pattern was written end to start (the list is then reversed).
        var reversed: Bool
    }

    private struct Frame {
        let node: Int64
        let relationships: [RelationshipRef]
        var next = 0
    }

    private let ctx: ExecutionContext
    private let row: Row
    private let spec: Spec
    private let source: Int64
    private var frames: [Frame] = []
    private var path: [RelationshipRef] = []
    private var onPath = Set<Int64>()
    private var started = false
    /// Read-ahead where reads are round trips (`prefersBatchedReads`): the nodes whose
    /// relationships were asked for, and the nodes the search may enter next (far ends of
    /// relationships read at a depth that can go on), taken first in, first out.
    private let batching: Bool
    private var prefetched = Set<Int64>()
    private var candidates: [Int64] = []
    private var nextCandidate = 0

    /// Nodes per read-ahead, and the most candidates kept waiting.
    private static let batch = 500
    private static let candidateLimit = 100_000

    init(ctx: ExecutionContext, row: Row, source: Int64, spec: Spec) {
        self.ctx = ctx; self.row = row; self.source = source; self.spec = spec
        batching = ctx.graph.prefersBatchedReads
    }

    override func next() throws -> Row? {
        if !started {
            started = true
            if let r = try enter(source) { return r }
        }
        while !frames.isEmpty {
            let top = frames.count - 1
            guard frames[top].next < frames[top].relationships.count else {
                frames.removeLast()
                if let rel = path.popLast() { onPath.remove(rel.id) }
                continue
            }
            let rel = frames[top].relationships[frames[top].next]
            frames[top].next += 1
            if onPath.contains(rel.id) || spec.used.contains(rel.id) || ctx.tracker.deletedRelationships.contains(rel.id) { continue }
            if let required = spec.requiredProperties, !(try OperatorFactory.matches(ctx, relationship: rel.id, required)) { continue }
            path.append(rel)
            onPath.insert(rel.id)
            if let r = try enter(rel.far(from: frames[top].node, spec.direction)) { return r }
        }
        return nil
    }

    /// Arrives at `node` at the end of the current trail: the row to yield there, if it matches;
    /// then either a frame to go deeper from, or (at the maximum length) the last step undone.
    private func enter(_ node: Int64) throws -> Row? {
        try ctx.checkDeadline()
        let depth = path.count
        var found: Row?
        if depth >= spec.minHops, spec.requiredEnd == nil || spec.requiredEnd == node {
            let ordered = spec.reversed ? path.reversed() : path
            if spec.boundList == nil || spec.boundList! == ordered.map(\.id) {
                var r = row
                r[spec.relationshipVariable] = .list(ordered.map(Value.relationship))
                r[spec.target] = .node(node)
                found = r
            }
        }
        if let maxHops = spec.maxHops, depth >= maxHops {
            if let rel = path.popLast() { onPath.remove(rel.id) }
        } else {
            frames.append(Frame(node: node, relationships: try relationships(of: node, depth: depth)))
        }
        return found
    }

    /// The relationships to follow from `node`, reached at `depth`. With `batching`, a node not
    /// read yet is read together with up to `batch` - 1 waiting candidates (one statement for
    /// them all), and the far ends of its relationships join the candidates when the search can
    /// go on from them. The relationships are the graph's answer either way.
    private func relationships(of node: Int64, depth: Int) throws -> [RelationshipRef] {
        guard batching else { return try ctx.graph.relationships(of: node, direction: spec.direction, types: spec.types) }
        if prefetched.insert(node).inserted {
            var nodes = [node]
            while nodes.count < Self.batch, nextCandidate < candidates.count {
                let candidate = candidates[nextCandidate]
                nextCandidate += 1
                if prefetched.insert(candidate).inserted { nodes.append(candidate) }
            }
            if nextCandidate == candidates.count { candidates.removeAll(keepingCapacity: true); nextCandidate = 0 }
            try ctx.graph.prefetchRelationships(of: nodes, direction: spec.direction, types: spec.types)
        }
        let rels = try ctx.graph.relationships(of: node, direction: spec.direction, types: spec.types)
        if spec.maxHops.map({ depth + 1 < $0 }) ?? true {
            for rel in rels where candidates.count - nextCandidate < Self.candidateLimit {
                let far = rel.far(from: node, spec.direction)
                if !prefetched.contains(far) { candidates.append(far) }
            }
        }
        return rels
    }
}
