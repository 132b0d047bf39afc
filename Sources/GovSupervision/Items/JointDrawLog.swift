import KGCore
import KGEngine

/// The recorded joint draws (`InspectionDraw` with `departments`), newest first: who ordered each,
/// when, with which seed, and what came of it (the visits, or why it was refused), so any draw
/// can be checked and replayed (`POST /v1/supervision/draws` or `govbrain risk sample --joint` with
/// the same region, departments, count and seed gives the same visits while the graph's
/// enterprises are unchanged).
public enum JointDrawLog {
    /// One recorded attempt.
    public struct Entry: Codable, Sendable, Equatable {
        public let id: String
        public let createdAt: String
        /// The region (absent for a refused attempt whose region was not an adcode).
        public let region: String?
        public let departments: [String]
        public let seed: UInt64
        /// The visits asked for, and the pool drawn from (absent when refused).
        public let count: Int
        public let population: Int?
        public let orderedBy: String
        /// `drawn` or `refused`.
        public let status: String
        public let refusal: String?
        /// The USCCs visited, by rank.
        public let visits: [String]
    }

    /// The answer of `GET /v1/supervision/draws`.
    public struct Page: Codable, Sendable, Equatable {
        public let draws: [Entry]
        public let limit: Int
    }

    /// The recorded joint draws that match, newest first.
    /// - Throws: `invalidSupervisionRequest` for a region that is not an adcode, an unknown status
    ///   or a limit outside 1–1000.
    public static func list(graph: KnowledgeGraph, request: JointDrawListRequest) throws -> Page {
        func given(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        let region = given(request.region)
        if let region, !(region.count == 6 && region.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw EngineError(code: .invalidSupervisionRequest, message: "region must be a six-digit adcode (e.g. 450100 for a city and its counties)")
        }
        let status = given(request.status)
        if let status, !["drawn", "refused"].contains(status) {
            throw EngineError(code: .invalidSupervisionRequest, message: "status \"\(status.prefix(20))\" is not drawn or refused")
        }
        var limit = 100
        if let text = given(request.limit) {
            guard let n = Int(text), (1...1000).contains(n) else {
                throw EngineError(code: .invalidSupervisionRequest, message: "limit must be an integer from 1 to 1000, got \"\(text.prefix(20))\"")
            }
            limit = n
        }
        let text = """
        MATCH (d:InspectionDraw) WHERE d.departments IS NOT NULL
        OPTIONAL MATCH (d)-[s:SELECTED]->(e:Enterprise)
        WITH d, s, e ORDER BY s.rank
        WITH d, collect(e.uscc) AS visits
        RETURN d.code, d.createdAt, d.adcode, d.departments, d.seed, d.size, d.population, d.orderedBy, d.drawStatus, d.refusal, visits
        ORDER BY d.createdAt DESC, d.code DESC
        """
        var draws: [Entry] = []
        try graph.query(text) { row, _ in
            func string(_ v: Value) -> String? { if case .string(let s) = v { s } else { nil } }
            func int(_ v: Value) -> Int64? { if case .int(let i) = v { i } else { nil } }
            func strings(_ v: Value) -> [String] { if case .list(let l) = v { l.compactMap(string) } else { [] } }
            let adcode = string(row[2])
            // Draws recorded before drawStatus existed were all drawn.
            let entryStatus = string(row[8]) ?? "drawn"
            if let region, !(adcode.map { AdcodeHierarchy.contains(region: region, adcode: $0) } ?? false) { return }
            if let status, status != entryStatus { return }
            guard draws.count < limit else { return }
            var createdAt = ""
            if case .dateTime(let t) = row[1] { createdAt = t.description }
            draws.append(Entry(id: string(row[0]) ?? "", createdAt: createdAt, region: adcode, departments: strings(row[3]), seed: UInt64(bitPattern: int(row[4]) ?? 0),
                               count: Int(int(row[5]) ?? 0), population: int(row[6]).map(Int.init), orderedBy: string(row[7]) ?? "",
                               status: entryStatus, refusal: string(row[9]), visits: strings(row[10])))
        }
        return Page(draws: draws, limit: limit)
    }
}
