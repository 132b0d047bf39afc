import Testing
@testable import KGBolt

/// Chunked framing, version negotiation and request decoding.
@Suite struct FramingTests {
    @Test func framesAndReassemblesInAnyPieces() throws {
        let big = [UInt8](repeating: 7, count: 150_000)
        var wire: [UInt8] = []
        ChunkAssembler.frame([1, 2, 3], into: &wire)
        wire += [0, 0]  // a keep-alive between messages
        ChunkAssembler.frame(big, into: &wire)
        for piece in [1, 2, 3, 1000, wire.count] {
            var assembler = ChunkAssembler(maxMessageBytes: 1 << 20)
            var messages: [[UInt8]] = []
            var start = 0
            while start < wire.count {
                messages += try assembler.feed(wire[start..<min(wire.count, start + piece)])
                start += piece
            }
            #expect(messages == [[1, 2, 3], big])
            #expect(!assembler.isInsideMessage)
        }
    }

    @Test func refusesAMessageOverTheLimit() {
        var assembler = ChunkAssembler(maxMessageBytes: 1024)
        var wire: [UInt8] = []
        ChunkAssembler.frame([UInt8](repeating: 1, count: 2000), into: &wire)
        #expect(throws: ChunkAssembler.TooLarge.self) { _ = try assembler.feed(wire) }
    }

    @Test func cutStreamIsInsideAMessage() throws {
        var assembler = ChunkAssembler(maxMessageBytes: 1024)
        #expect(try assembler.feed([0, 5, 1, 2]).isEmpty)
        #expect(assembler.isInsideMessage)
    }

    @Test func negotiatesVersions() {
        func offer(_ versions: [[UInt8]]) -> BoltVersion? {
            BoltVersion.negotiate(versions.flatMap { $0 } + [UInt8](repeating: 0, count: 16 - 4 * versions.count))
        }
        #expect(offer([[0, 0, 4, 5]]) == BoltVersion(5, 4))
        #expect(offer([[0, 8, 8, 5], [0, 2, 4, 4]]) == BoltVersion(5, 4))  // the driver's range 5.8…5.0
        #expect(offer([[0, 0, 6, 5], [0, 2, 4, 4]]) == BoltVersion(4, 4))
        #expect(offer([[0, 0, 2, 5]]) == BoltVersion(5, 2))
        #expect(offer([[1, 0, 0xFF, 0xFF], [0, 0, 3, 4]]) == nil)  // a manifest offer and 4.3: nothing in common
        #expect(offer([]) == nil)
    }

    @Test func decodesRequests() throws {
        func message(_ tag: UInt8, _ fields: [PackValue]) -> [UInt8] { PackStreamEncoder.encode(.structure(tag: tag, fields: fields)) }
        #expect(try BoltRequest.decode(message(0x3F, [.map(["n": .int(10), "qid": .int(2)])])) == .pull(n: 10, qid: 2))
        #expect(try BoltRequest.decode(message(0x2F, [.map(["n": .int(-1)])])) == .discard(n: -1, qid: -1))
        #expect(try BoltRequest.decode(message(0x10, [.string("RETURN $x"), .map(["x": .int(1)]), .map([:])]))
                == .run(query: "RETURN $x", parameters: ["x": .int(1)], extra: [:]))
        #expect(try BoltRequest.decode(message(0x66, [.map([:]), .list([.string("b1")]), .map(["db": .string("neo4j")])]))
                == .route(context: [:], bookmarks: ["b1"], database: "neo4j"))
        #expect(throws: BoltFailure.self) { try BoltRequest.decode(message(0x3F, [.map(["n": .int(0)])])) }
        #expect(throws: BoltFailure.self) { try BoltRequest.decode(message(0x10, [.int(1)])) }
        #expect(throws: BoltFailure.self) { try BoltRequest.decode(message(0x99, [])) }
        #expect(throws: BoltFailure.self) { try BoltRequest.decode(PackStreamEncoder.encode(.int(1))) }
    }
}
