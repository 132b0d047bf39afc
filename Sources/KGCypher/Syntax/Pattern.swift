/// `(n:Label {props})` in a pattern.
struct NodePattern: Sendable {
    var variable: String?
    var labels: [String]
    var properties: Expr?
    let offset: Int
}

/// Which way a relationship pattern points.
enum PatternDirection: Sendable { case outgoing, incoming, both }

/// `-[r:T1|T2*1..3 {props}]->` in a pattern.
struct RelationshipPattern: Sendable {
    var variable: String?
    var types: [String]
    var direction: PatternDirection
    /// Nil for a single hop; otherwise the bounds of a variable-length pattern (nil = open).
    var length: (min: Int?, max: Int?)?
    var properties: Expr?
    let offset: Int
}

/// One comma-separated part of a pattern: `p = (a)-[r]->(b)<-(c)`, or a shortest-path call.
struct PatternPart: Sendable {
    enum Shortest: Sendable { case none, single, all }
    var pathVariable: String?
    var shortest: Shortest
    var start: NodePattern
    var steps: [(RelationshipPattern, NodePattern)]
    let offset: Int

    /// All node patterns in order.
    var nodes: [NodePattern] { [start] + steps.map(\.1) }
    /// All relationship patterns in order.
    var relationships: [RelationshipPattern] { steps.map(\.0) }
}
