import Foundation
import KGCore
import Testing
@testable import KGBolt

/// A seeded fuzz test of everything that reads client bytes: the chunk assembler, the
/// PackStream decoder and the request decoder must answer every input with a value or an
/// error, never a crash. `BOLT_FUZZ_ITERATIONS=1000000 swift test --filter DecoderFuzzTests`
/// runs the long version; the suite runs a small one.
@Suite struct DecoderFuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["BOLT_FUZZ_ITERATIONS"] ?? "") ?? 20_000 }

    /// Valid messages to mutate.
    static let corpus: [[UInt8]] = [
        PackStreamEncoder.encode(.structure(tag: 0x01, fields: [.map(["user_agent": .string("x/1"), "scheme": .string("basic"),
                                                                      "principal": .string("u"), "credentials": .string("k")])])),
        PackStreamEncoder.encode(.structure(tag: 0x10, fields: [.string("RETURN $a, $b"),
                                                                .map(["a": .list([.int(1), .float(2), .null, .bool(true)]),
                                                                      "b": .structure(tag: 0x44, fields: [.int(19_000)]),
                                                                      "c": .structure(tag: 0x49, fields: [.int(1), .int(2), .int(3600)])]),
                                                                .map(["tx_timeout": .int(1000)])])),
        PackStreamEncoder.encode(.structure(tag: 0x3F, fields: [.map(["n": .int(1000), "qid": .int(-1)])])),
        PackStreamEncoder.encode(.structure(tag: 0x66, fields: [.map([:]), .list([]), .map(["db": .null])])),
    ]

    @Test func decodersNeverCrash() {
        var rng = SplitMix64(seed: 0xB017)
        var decoded = 0, refused = 0
        for k in 0..<Self.iterations {
            var bytes = Self.corpus[k % Self.corpus.count]
            switch rng.next() % 4 {
            case 0:  // random bytes
                bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            case 1:  // flipped bytes
                for _ in 0...(rng.next() % 4) where !bytes.isEmpty {
                    bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
                }
            case 2:  // cut
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
            default:  // inserted markers (sizes, nesting)
                let markers: [UInt8] = [0xD6, 0xDA, 0xD2, 0xCE, 0xB1, 0x9F, 0xAF, 0xC7, 0xFF, 0x80]
                bytes.insert(markers[Int(rng.next() % UInt64(markers.count))], at: Int(rng.next() % UInt64(bytes.count + 1)))
            }
            do {
                let request = try BoltRequest.decode(bytes)
                if case .run(_, let parameters, _) = request { _ = try? parameters.mapValues(PackStreamMapping.decode) }
                decoded += 1
            } catch {
                refused += 1
            }
            var assembler = ChunkAssembler(maxMessageBytes: 4096)
            _ = try? assembler.feed(bytes)
        }
        #expect(decoded + refused == Self.iterations)
        #expect(decoded > 0 && refused > 0)
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        for marker: UInt8 in [0x91, 0xA1, 0xB1] {
            var bytes: [UInt8] = []
            for _ in 0..<10_000 {
                bytes.append(marker)
                if marker == 0xA1 { bytes += [0x81, 0x61] }
                if marker == 0xB1 { bytes.append(0x44) }
            }
            bytes.append(0x01)
            #expect(throws: PackStreamError.self) { _ = try PackStreamDecoder.decode(bytes) }
        }
    }
}
