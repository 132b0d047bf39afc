import Foundation
import KGAlgorithms
import KGCore

/// Runs a node algorithm on a graph read straight from an edge-list file (`source target
/// [weight]` per line, integer node ids, `#` comments), without a database: for graphs that live
/// outside GovBrain and for benchmarks against igraph and NetworkX, which time the algorithm on
/// an in-memory graph too.
public enum EdgeListAlgorithms {
    public struct Outcome: Sendable {
        public let nodes: Int
        public let arcs: Int
        public let loadSeconds: Double
        public let runSeconds: Double
        /// Node id and first result value of each node.
        public let results: [(Int64, Value)]
        /// Extra figures (modularity, number of components…).
        public let summary: [(String, JSON)]
    }

    /// Reads the file and runs `kg.algo.NAME`'s computation with `configuration` (projection
    /// options other than `orientation` and `weightProperty` do not apply: the file is the graph;
    /// with `weightProperty` set to any name, the third column is the weight).
    public static func run(name: String, edges path: String, configuration: Value) throws -> Outcome {
        guard let algorithm = AlgorithmProcedures.nodeAlgorithms.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            let known = AlgorithmProcedures.nodeAlgorithms.map(\.name).joined(separator: ", ")
            throw AlgorithmError("there is no node algorithm \(name) for edge lists; known: \(known)", code: .unknownAlgorithm)
        }
        var options = try AlgorithmOptions(configuration, algorithm: "kg.algo.\(algorithm.name)")
        var orientation = algorithm.orientation
        if let o = try options.string("orientation") {
            guard let parsed = Orientation(rawValue: o.lowercased()) else {
                throw AlgorithmError("kg.algo.\(algorithm.name): option orientation must be 'NATURAL', 'REVERSE' or 'UNDIRECTED', not '\(o)'")
            }
            orientation = parsed
        }
        let weighted = try options.string("weightProperty") != nil
        let t0 = Date()
        let (count, edges) = try read(path, weighted: weighted)
        let projection = GraphProjection(nodeIDs: (0..<Int64(count)).map { $0 }, edges: edges, orientation: orientation, weighted: weighted)
        let t1 = Date()
        let results = try algorithm.compute(&options, projection)
        let runSeconds = Date().timeIntervalSince(t1)
        try options.finish()
        var first: [(Int64, Value)] = []
        first.reserveCapacity(results.count)
        var extra: [(String, JSON)] = []
        for i in 0..<results.count {
            let values = results.values(i)
            first.append((Int64(i), values.first ?? .null))
            if i == 0, values.count > 1, case .double(let q) = values[1] { extra.append(("modularity", .double(q))) }
        }
        if case .int? = first.first?.1 { extra.append(("distinct", .int(Int64(Set(first.map { $0.1 }).count)))) }
        return Outcome(nodes: count, arcs: projection.arcCount, loadSeconds: t1.timeIntervalSince(t0), runSeconds: runSeconds,
                       results: first, summary: extra)
    }

    /// Parses `source target [weight]` lines; node count = largest id + 1.
    static func read(_ path: String, weighted: Bool) throws -> (Int, [(source: Int32, target: Int32, weight: Double, relationship: Int64)]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlgorithmError("cannot read the edge list \(path)", code: .fileNotFound)
        }
        var edges: [(source: Int32, target: Int32, weight: Double, relationship: Int64)] = []
        var maxID: Int64 = -1
        var line = 1
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            func skipSpaces() { while i < n && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13) { i += 1 } }
            func number() throws -> Double? {
                skipSpaces()
                let start = i
                while i < n && bytes[i] != 32 && bytes[i] != 9 && bytes[i] != 10 && bytes[i] != 13 { i += 1 }
                if start == i { return nil }
                guard let s = String(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i]), encoding: .utf8), let v = Double(s) else {
                    throw AlgorithmError("\(path):\(line): not a number", code: .badValue)
                }
                return v
            }
            while i < n {
                skipSpaces()
                if i < n && bytes[i] == 35 { while i < n && bytes[i] != 10 { i += 1 } }
                if i < n && bytes[i] == 10 { i += 1; line += 1; continue }
                if i >= n { break }
                guard let s = try number(), let t = try number(), s >= 0, t >= 0, s == s.rounded(), t == t.rounded(), s < 2e9, t < 2e9 else {
                    throw AlgorithmError("\(path):\(line): a line must be `source target [weight]` with node ids from 0", code: .badValue)
                }
                let w = try number() ?? 1
                skipSpaces()
                while i < n && bytes[i] != 10 { i += 1 }
                edges.append((Int32(s), Int32(t), w, Int64(edges.count)))
                maxID = max(maxID, Int64(max(s, t)))
            }
        }
        return (Int(maxID + 1), edges)
    }
}
