import Foundation
import Testing
import KGAccess
@testable import KGServer

/// Request bodies are read in the request's own task, under one shared clock (`BodyDeadlines`):
/// a body that stops half-way is answered 408 and its connection closed, a body sent in pieces
/// within the limit is read whole, and the other connections are not held up.
extension ServerTests {
    @Test func aBodyThatStopsHalfWayIsAnswered408() async throws {
        try await withServer(configure: { $0.bodyTimeoutSeconds = 2 }) { base in
            let port = try #require(base.port)
            let key = try #require(Self.keys[.admin])
            let head = "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\n"
            let started = Date()
            let stalled = try SSEConnection(port: port, raw: head + "Content-Length: 1000\r\n\r\n{\"query\": ")
            // Meanwhile another connection is answered at once.
            let (status, _, _) = try await get(base.appendingPathComponent("healthz"))
            #expect(status == 200)
            #expect(await stalled.wait(for: "\r\n\r\n{", seconds: 120), "\(stalled.text)")
            let elapsed = Date().timeIntervalSince(started)
            #expect(stalled.text.hasPrefix("HTTP/1.1 408"), "\(stalled.text.prefix(200))")
            #expect(stalled.text.contains("RequestTimeout"), "\(stalled.text)")
            #expect(elapsed >= 1.9, "cut off after \(elapsed) s, before the limit")
            // Nothing after the cut-off body can be read as a request: the server closes.
            #expect(await stalled.wait(for: "never sent", seconds: 10) == false)
            #expect(stalled.closed)
        }
    }

    /// A body sent in two pieces within the limit is read whole. A limit of 30 s here: the reader
    /// is a task of the cooperative pool, and when synchronous tests hold both of its threads it
    /// resumes seconds late, after a short limit, although the second piece came in time.
    @Test func aBodySentInPiecesWithinTheLimitIsReadWhole() async throws {
        try await withServer(configure: { $0.bodyTimeoutSeconds = 30 }) { base in
            let port = try #require(base.port)
            let key = try #require(Self.keys[.admin])
            let head = "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\nContent-Type: application/json\r\n"
            let query = #"{"query": "MATCH (p:Person) RETURN count(p) AS n"}"#
            let split = query.utf8.count / 2
            let pieces = try SSEConnection(port: port, raw: head + "Content-Length: \(query.utf8.count)\r\n\r\n" + String(query.prefix(split)))
            // The second piece goes from a thread of its own: a test task's sleep can overrun by
            // seconds when synchronous tests hold the two threads of the cooperative pool.
            let rest = String(query.dropFirst(split))
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 0.4)
                pieces.send(rest)
            }
            #expect(await pieces.wait(for: "\"rows\"", seconds: 120), "\(pieces.text.prefix(300))")
            #expect(pieces.text.hasPrefix("HTTP/1.1 200"), "\(pieces.text.prefix(200))")
        }
    }
}
