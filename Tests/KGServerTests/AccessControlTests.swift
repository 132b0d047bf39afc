import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
import KGAccess
import GovBrainTestSupport
@testable import KGServer

/// Keys, roles, masking and the audit log, on every route the server registers, on both store
/// backends (`TestBackend.all`: the keys and the audit log live in the graph's store).
extension ServerTests {
    /// A concrete path for a route pattern.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{name}", with: "pageRank").replacingOccurrences(of: "{id}", with: "no-such-id")
    }

    /// The first cell of a query document.
    static func cell(_ doc: JSON) -> JSON? { doc["rows"]?.arrayValue?.first?.arrayValue?.first }

    @Test(arguments: TestBackend.all) func everyRouteEnforcesItsRoles(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let server = try #require(Self.server)
            let table = server.routeTable.entries
            #expect(table.count >= 20)
            for route in table {
                let url = URL(string: base.absoluteString + Self.concrete(route.path))!
                let body = route.method == "POST" ? Data("{}".utf8) : nil
                let (anonymous, error, headers) = try await send(url, method: route.method, body: body, as: nil)
                if route.access == .open {
                    #expect(anonymous != 401 && anonymous != 403, "\(route.method) \(route.path) is open")
                } else {
                    #expect(anonymous == 401, "\(route.method) \(route.path) without a key")
                    #expect(error["error"]?["code"] == .string("Unauthorized"))
                    #expect(headers.keys.contains { ($0 as? String)?.lowercased() == "www-authenticate" })
                }
                for role in APIRole.allCases {
                    let (status, answer, _) = try await send(url, method: route.method, body: body, as: role)
                    if route.access.allows(role) {
                        #expect(status != 401 && status != 403, "\(role) on \(route.method) \(route.path): \(status) \(answer)")
                    } else {
                        #expect(status == 403, "\(role) on \(route.method) \(route.path): \(status)")
                        #expect(answer["error"]?["code"] == .string("Forbidden"))
                    }
                }
            }
            // Every route was audited: each pattern appears with the key ids and statuses it saw.
            server.flushAudit()
            let audited = Set(try server.access.audit(since: nil, limit: 100_000).map { "\($0.method) \($0.route)" })
            for route in table where route.path != "/" {
                let pattern = route.path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
                #expect(audited.contains("\(route.method) \(route.path)") || audited.contains("\(route.method) \(pattern)"),
                        "\(route.method) \(route.path) is missing from the audit log")
            }
            // A revoked or made-up key is refused everywhere, open routes included.
            let stats = base.appendingPathComponent("v1/stats")
            let (bad, _, _) = try await send(stats, method: "GET", headers: ["Authorization": "Bearer gbk_000000000000_nope"])
            #expect(bad == 401)
            let (malformed, _, _) = try await send(stats, method: "GET", headers: ["Authorization": "Basic abc"])
            #expect(malformed == 401)
        }
    }

    @Test(arguments: TestBackend.all) func writesNeedAnAdminKey(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let url = base.appendingPathComponent("v1/query")
            let write = #"{"query": "CREATE (:Tag {code: 'probe', name: 'probe'}) RETURN 1"}"#
            for role in [APIRole.analyst, .supervisor] {
                let (status, error) = try await post(url, write, as: role)
                #expect(status == 403 && error["error"]?["code"] == .string("WriteNotAllowed"), "\(role)")
                // Decided by analysis, not by text: a read that mentions CREATE in a string is fine.
                let (read, _) = try await post(url, #"{"query": "RETURN 'CREATE (n)' AS text"}"#, as: role)
                #expect(read == 200)
            }
            let (count, before) = try await post(url, #"{"query": "MATCH (t:Tag {name: 'probe'}) RETURN count(t) AS n"}"#)
            #expect(count == 200 && Self.cell(before) == .int(0))
            let (created, _) = try await post(url, write)
            #expect(created == 200)
            // A writing procedure is a write too.
            let (algo, error) = try await post(base.appendingPathComponent("v1/algorithms/pageRank"),
                                               #"{"writeProperty": "pr", "nodeLabels": ["Region"], "relationshipTypes": ["PART_OF"]}"#, as: .analyst)
            #expect(algo == 403 || algo == 400, "\(error)")
        }
    }

    @Test(arguments: TestBackend.all) func sensitivePropertiesAreMaskedForEveryRoleButAdmin(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let url = base.appendingPathComponent("v1/query")
            let query = #"{"query": "MATCH path = (p:Person)-[:LEGAL_REPRESENTATIVE_OF]->(e:Enterprise) RETURN p.name AS name, p.idNumber AS id, p.phone AS phone, p.homeAddress AS address, p AS node, path, {who: p.name, ids: collect(p.idNumber)} AS map ORDER BY p.idNumber LIMIT 1"}"#
            let (s1, clear) = try await post(url, query)
            let (s2, masked) = try await post(url, query, as: .analyst)
            #expect(s1 == 200 && s2 == 200, "\(s1) \(s2) \(masked)")
            let row = try #require(clear["rows"]?.arrayValue?.first?.arrayValue)
            let hidden = try #require(masked["rows"]?.arrayValue?.first?.arrayValue)
            let name = try #require(row[0].stringValue), id = try #require(row[1].stringValue), phone = try #require(row[2].stringValue)
            #expect(id.count == 18 && !id.contains("*"))
            #expect(hidden[0].stringValue == String(name.prefix(1)) + String(repeating: "*", count: name.count - 1))
            #expect(hidden[1].stringValue == String(id.prefix(6)) + "********" + String(id.suffix(4)))
            #expect(hidden[2].stringValue == String(phone.prefix(3)) + "****" + String(phone.suffix(4)))
            #expect(hidden[3].stringValue?.hasSuffix("****") == true)
            // Nowhere in the masked answer (nodes, paths, maps, lists) does a clear value appear.
            let text = JSONWriter.string(masked)
            for secret in [id, phone, name] { #expect(!text.contains(secret), "a clear value leaked") }
            #expect(JSONWriter.string(clear).contains(id))
            // The CSV answer is masked the same way.
            let nodeID = try #require(row[4]["$node"]?["id"]?.integerValue)
            let csvQuery = #"{"query": "MATCH (p:Person) WHERE id(p) = $n RETURN p.name AS name, p.idNumber AS id, p.phone AS phone, p", "parameters": {"n": \#(nodeID)}, "format": "csv"}"#
            let (s3, csvMasked) = try await post(url, csvQuery, as: .analyst)
            let (_, csvClear) = try await post(url, csvQuery)
            let maskedText = try #require(csvMasked.stringValue), clearText = try #require(csvClear.stringValue)
            #expect(s3 == 200 && maskedText.hasPrefix("name,id,phone,p\n"))
            for secret in [id, phone] { #expect(!maskedText.contains(secret), "CSV leaked a clear value") }
            #expect(clearText.contains(id) && maskedText.contains(String(id.prefix(6)) + "********"))
            // Looking a person up by a clear ID number finds nothing for a masked role (no oracle).
            let lookup = #"{"query": "MATCH (p:Person {idNumber: $id}) RETURN count(p) AS n", "parameters": {"id": "\#(id)"}}"#
            let (_, admin) = try await post(url, lookup)
            let (_, analyst) = try await post(url, lookup, as: .analyst)
            #expect(Self.cell(admin) == .int(1))
            #expect(Self.cell(analyst) == .int(0))
        }
    }

    @Test(arguments: TestBackend.all) func everyRequestIsAudited(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let server = try #require(Self.server)
            let since = AccessStore.timestamp(Date().addingTimeInterval(-1))
            let secretQuery = #"{"query": "MATCH (p:Person {idNumber: '450103199001011234'}) RETURN p"}"#
            _ = try await post(base.appendingPathComponent("v1/query"), secretQuery, as: .analyst)
            _ = try await get(base.appendingPathComponent("v1/stats"), as: .dashboard)
            _ = try await get(base.appendingPathComponent("v1/risk/alerts"), as: .dashboard)
            _ = try await get(base.appendingPathComponent("v1/stats"), as: nil)
            server.flushAudit()
            let entries = try server.access.audit(since: since)
            let keys = Dictionary(uniqueKeysWithValues: try server.access.listKeys().map { ($0.name, $0.id) })
            let query = try #require(entries.first { $0.route == "/v1/query" })
            #expect(query.keyID == keys["test-analyst"] && query.role == "analyst" && query.method == "POST" && query.status == 200)
            #expect(query.requestHash?.count == 64 && query.requestID.isEmpty == false)
            #expect(entries.contains { $0.route == "/v1/stats" && $0.role == "dashboard" && $0.status == 200 && $0.rows == 1 })
            #expect(entries.contains { $0.route == "/v1/risk/alerts" && $0.role == "dashboard" && $0.status == 403 })
            #expect(entries.contains { $0.route == "/v1/stats" && $0.keyID == nil && $0.status == 401 })
            // The log holds a hash, never the query or its values.
            #expect(!entries.map { "\($0)" }.joined().contains("450103199001011234"))
        }
    }

    @Test(arguments: TestBackend.all) func limitsAndHostileInputs(_ backend: TestBackend) async throws {
        try await withServer(backend: backend, configure: { $0.rateLimitPerSecond = 1; $0.rateLimitBurst = 25; $0.maxRequestBytes = 4096 }) { base in
            let query = base.appendingPathComponent("v1/query")
            let (big, error, _) = try await send(query, method: "POST", body: Data(repeating: 32, count: 10_000))
            #expect(big == 413 && error["error"]?["code"] == .string("PayloadTooLarge"))
            let hostile: [Data] = [
                Data("{\"query\": ".utf8), Data([0x7B, 0x22, 0x71, 0xFF, 0xFE, 0x22, 0x7D]),
                Data((String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)).utf8),
                Data(#"{"query": "RETURN 1", "maxRows": 1e400}"#.utf8), Data(#"{"query": 12}"#.utf8),
                Data(#"{"query": "RETURN 1", "timeoutSeconds": "soon"}"#.utf8),
            ]
            for body in hostile {
                let (status, answer, _) = try await send(query, method: "POST", body: body)
                #expect((400..<500).contains(status), "\(status) \(answer)")
            }
            let (alive, _, _) = try await get(base.appendingPathComponent("healthz"), as: nil)
            #expect(alive == 200)
            // The burst runs out: 429 with Retry-After, for this key only. The 40 requests go at once, so
            // that a slow (loaded) machine cannot refill the bucket between them.
            let stats = base.appendingPathComponent("v1/stats")
            let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let (status, _, headers) = try await get(stats, as: .dashboard)
                        return (status, headers.keys.compactMap { ($0 as? String)?.lowercased() })
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let refusal = try #require(answers.first { $0.0 == 429 })
            #expect(refusal.1.contains("retry-after"))
            #expect(answers.allSatisfy { $0.0 == 200 || $0.0 == 429 })
            let (other, _, _) = try await get(base.appendingPathComponent("v1/stats"), as: .analyst)
            #expect(other == 200)
        }
    }

    @Test(arguments: TestBackend.all) func readinessMetricsAndRequestIDs(_ backend: TestBackend) async throws {
        try await withServer(backend: backend) { base in
            let server = try #require(Self.server)
            server.warmUp()
            let (ready, doc, _) = try await get(base.appendingPathComponent("readyz"), as: nil)
            #expect(ready == 200 && doc["store"] == .string("ok") && doc["modelsLoaded"] == .bool(true))
            #expect(doc["warnings"]?.arrayValue != nil)
            let (_, _, headers) = try await send(base.appendingPathComponent("v1/stats"), method: "GET", headers: ["X-Request-Id": "trace-42"])
            #expect(headers.first { ($0.key as? String)?.lowercased() == "x-request-id" }?.value as? String == "trace-42")
            let (forbidden, _, _) = try await get(base.appendingPathComponent("metrics"), as: .dashboard)
            #expect(forbidden == 403)
            let (status, text, _) = try await get(base.appendingPathComponent("metrics"))
            #expect(status == 200)
            let exposition = text.stringValue ?? ""
            #expect(exposition.contains(#"govbrain_http_requests_total{route="/v1/stats",method="GET",status="200"}"#))
            #expect(exposition.contains("govbrain_http_request_duration_seconds_bucket"))
            #expect(exposition.contains("govbrain_store_size_bytes"))
            #expect(exposition.contains(#"govbrain_cache_lookups_total{cache="api-key",result="#))
        }
    }
}
