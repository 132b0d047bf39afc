import Foundation
import Testing
@testable import KGBolt

/// Bolt over TLS (`--bolt-tls-cert/--bolt-tls-key`): a client that verifies the certificate and
/// one that does not (`bolt+ssc://`) both run queries; a plain client is closed without an answer
/// and the listener keeps serving; a missing, non-PEM or mismatched file stops the start with a
/// message naming it.
@Suite struct BoltTLSTests {
    /// A self-signed certificate for `localhost` and 127.0.0.1 and its key, made by `openssl`.
    static func makeCertificate(in folder: URL, name: String = "server") throws -> (certificate: String, key: String) {
        let certificate = folder.appendingPathComponent("\(name).crt").path, key = folder.appendingPathComponent("\(name).key").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
                             "-keyout", key, "-out", certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BoltTestClient.ClientError(text: "openssl could not make a certificate") }
        return (certificate, key)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bolt-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func verifiedAndSelfSignedClientsRunQueriesAndPlainOnesAreClosed() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try Self.makeCertificate(in: folder)
        let (server, port, _) = try await BoltServerTests.start { $0.tls = BoltTLS(certificatePath: certificate, keyPath: key) }
        defer { Task { await server.stop() } }

        let verified = BoltTestClient(transport: try BoltTLSTransport(port: port, trustRoot: certificate))
        #expect(verified.logIn(key: "admin"))
        #expect(verified.run("RETURN 1 + 1 AS two")?.records == [[.int(2)]])

        // Plain Bolt on the TLS port: the magic is not a TLS record; the answer is at most a TLS
        // alert record (content type 21), never a Bolt version, and the connection ends.
        let plain = try BoltTestClient(port: port)
        let answer = plain.handshake([[0, 0, 4, 5]])
        #expect(answer == nil || answer?.first == 21, "\(answer ?? [])")
        var rest = 0
        while plain.receive(1) != nil && rest < 64 { rest += 1 }
        #expect(rest < 64, "the rest of the alert, then the end")

        let unverified = BoltTestClient(transport: try BoltTLSTransport(port: port, trustRoot: nil))
        #expect(unverified.logIn(key: "admin"))
        #expect(unverified.run("UNWIND range(1, 3) AS i RETURN i")?.records == [[.int(1)], [.int(2)], [.int(3)]])
        #expect(verified.run("RETURN 'still here' AS s")?.records == [[.string("still here")]])

        // A client that trusts another certificate refuses this server.
        let (other, _) = try Self.makeCertificate(in: folder, name: "other")
        let distrustful = BoltTestClient(transport: try BoltTLSTransport(port: port, trustRoot: other))
        #expect(distrustful.handshake([[0, 0, 4, 5]]) == nil)
    }

    @Test func badFilesStopTheStartWithTheirNames() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (certificate, key) = try Self.makeCertificate(in: folder)
        let (_, otherKey) = try Self.makeCertificate(in: folder, name: "other")
        let notPEM = folder.appendingPathComponent("plain.txt").path
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: notPEM))
        let cases: [(BoltTLS, String)] = [
            (BoltTLS(certificatePath: folder.appendingPathComponent("missing.crt").path, keyPath: key), "missing.crt"),
            (BoltTLS(certificatePath: notPEM, keyPath: key), "plain.txt"),
            (BoltTLS(certificatePath: certificate, keyPath: notPEM), "plain.txt"),
            (BoltTLS(certificatePath: certificate, keyPath: otherKey), "does not belong"),
        ]
        for (tls, named) in cases {
            do {
                let (server, _, _) = try await BoltServerTests.start { $0.tls = tls }
                await server.stop()
                Issue.record("the start with \(tls) succeeded")
            } catch let failure as BoltFailure {
                #expect(failure.message.contains(named), "\(failure.message)")
            }
        }
    }
}
