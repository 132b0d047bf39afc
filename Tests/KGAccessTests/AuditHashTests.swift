import Foundation
import Synchronization
import Testing
import GovBrainTestSupport
import KGAccess
import KGStore

/// The audit log's request hash is HMAC-SHA-256 under the secret file, as lowercase hex: checked
/// against values computed elsewhere (Python's `hmac`), so that the hash keyed once and copied per
/// request, and the table-driven hex, give what the slow path gave.
@Suite struct AuditHashTests {
    /// A store whose audit secret is the 32 bytes 0, 1, …, 31.
    func store(_ site: TestStoreSite) throws -> AccessStore {
        let secret = site.path("known-secret")
        #expect(FileManager.default.createFile(atPath: secret, contents: Data(0..<32), attributes: [.posixPermissions: 0o600]))
        return try AccessStore.open(store: site.open("g", mode: .off), auditSecretFile: secret)
    }

    @Test func theHashIsHMACSHA256UnderTheSecretFile() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let access = try store(site)
        // python3: hmac.new(bytes(range(32)), m, hashlib.sha256).hexdigest()
        let expected = [
            "q": "ade2702652df2b527ea85d06ea18cc2a06ece888fe21bde69bff1ec7c56940e8",
            "{\"text\": \"x\"}\u{0}a=1": "292e28d5e52e2a6a34e6741a5a8d27090a714d7e5afae343610ec629d2c49ef2",
            "": "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb",
        ]
        for (message, hash) in expected {
            #expect(access.auditHash(bytes: Array(message.utf8)) == hash, "\(message)")
            // A sequence without contiguous storage takes the other path to the same value.
            #expect(access.auditHash(bytes: message.utf8.lazy.map { $0 }) == hash, "\(message)")
        }
        #expect(AccessStore.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Each hash starts from its own copy of the keyed state: many threads hashing different
    /// requests at once each get their own request's hash.
    @Test func concurrentHashesDoNotShareState() throws {
        let site = try TestStoreSite(.sqlite)
        defer { withExtendedLifetime(site) {} }
        let access = try store(site)
        let expected = (0..<64).map { access.auditHash(bytes: Array("request \($0)".utf8)) }
        #expect(Set(expected).count == 64)
        let mismatches = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<200 {
                let i = (worker * 31 + round) % 64
                if access.auditHash(bytes: Array("request \(i)".utf8)) != expected[i] { mismatches.add(1, ordering: .relaxed) }
            }
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }
}
