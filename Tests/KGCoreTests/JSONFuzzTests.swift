import Foundation
import Testing
@testable import KGCore

/// Seeded random and mutated input through the JSON parser (the first thing every request body
/// meets): errors are fine, crashes are not; deep nesting stops at the parser's limit.
@Suite struct JSONFuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["GOVBRAIN_FUZZ_ITERATIONS"] ?? "") ?? 20_000 }

    @Test func randomAndMutatedBodiesNeverCrashTheParser() {
        var rng = SplitMix64(seed: 42_2026)
        let seed = Array(#"{"query": "MATCH (n) RETURN n", "parameters": {"a": [1, 2.5e3, -0, true, null, "\u4e2d\n"], "b": {"c": {}}}, "timeoutSeconds": 5}"#.utf8)
        let alphabet = Array(#"{}[]":,-+.eE0123456789tfnrul\ "#.utf8) + [0x00, 0xFF, 0xC3, 0xE4]
        var parsed = 0
        for i in 0..<Self.iterations {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = seed
                for _ in 0..<Int.random(in: 1...5, using: &rng) {
                    let k = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: bytes.remove(at: k)
                    case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: k)
                    default: bytes.swapAt(k, Int.random(in: 0..<bytes.count, using: &rng))
                    }
                    if bytes.isEmpty { bytes = [0x7B] }
                }
            } else {
                bytes = (0..<Int.random(in: 0...60, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            }
            if (try? JSONParser.parse(bytes: bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
        for open in ["[", "{\"a\":"] {
            let deep = String(repeating: open, count: 100_000)
            #expect(throws: (any Error).self) { try JSONParser.parse(deep) }
        }
    }
}
