import Foundation
import KGCore

/// The latency summary `--timing` prints on standard error: items, p50, p99, max and mean in ms.
enum LatencySummary {
    static func json(nanoseconds: [UInt64]) -> JSON {
        let sorted = nanoseconds.sorted().map { Double($0) / 1e6 }
        func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        return .object([("items", .int(Int64(sorted.count))), ("p50_ms", .double(q(0.5))), ("p99_ms", .double(q(0.99))),
                        ("max_ms", .double(sorted.last ?? 0)), ("mean_ms", .double(sorted.reduce(0, +) / Double(max(1, sorted.count))))])
    }

    /// Writes the summary as one JSON line on standard error.
    static func report(nanoseconds: [UInt64]) {
        FileHandle.standardError.write(Data((JSONWriter.string(json(nanoseconds: nanoseconds)) + "\n").utf8))
    }
}
