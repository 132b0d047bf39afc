import Foundation
import Testing
import KGAccess
import KGCore
import GovBrainTestSupport
@testable import KGServer

/// Webhooks of risk alerts: signed bodies, retries, dead letters, a subscriber that never
/// answers, and the URL checks; subscriptions and deliveries kept on both store backends.
extension ServerTests {
    @Test(arguments: TestBackend.all) func webhooksSignRetryAndKeepDeadLetters(_ backend: TestBackend) async throws {
        let flaky = try WebhookReceiver { $0 <= 2 ? 500 : 200 }      // fails twice, then takes it
        let silent = try WebhookReceiver { _ in nil }                 // never answers
        let closed = try WebhookReceiver.closedPort()                 // refuses connections
        try await withServer(backend: backend, configure: {
            $0.webhookAllowLoopback = true; $0.webhookMaxAttempts = 3; $0.webhookRetryBaseSeconds = 0.2; $0.webhookTimeoutSeconds = 1
        }) { base in
            let hooks = base.appendingPathComponent("v1/webhooks")
            var secrets: [String: String] = [:], ids: [String: String] = [:]
            for (name, port) in [("flaky", flaky.port), ("silent", silent.port), ("closed", closed)] {
                let (s, made) = try await post(hooks, #"{"url": "http://127.0.0.1:\#(port)/hook", "events": ["update"]}"#)
                #expect(s == 201, "\(made)")
                secrets[name] = made["secret"]?.stringValue
                ids[name] = made["id"]?.stringValue
            }
            let (_, list, _) = try await get(hooks)
            #expect(list["webhooks"]?.arrayValue?.count == 3 && !"\(list)".contains(secrets["flaky"] ?? "?"), "secrets are shown once")
            // Status changes are pushed: the flaky subscriber gets the third attempt, signed.
            try await Task.sleep(for: .milliseconds(1_500))
            let (_, page, _) = try await get(URL(string: "\(base)/v1/risk/alerts?status=new&domain=market&limit=1")!)
            let alert = try #require(page["alerts"]?.arrayValue?.first?["id"]?.stringValue)
            let (acked, _) = try await post(base.appendingPathComponent("v1/risk/alerts/\(alert)/ack"), "{}")
            #expect(acked == 200)
            #expect(await flaky.wait(count: 3, seconds: 120), "\(flaky.received.count) requests")
            let last = try #require(flaky.received.last)
            let signature = last.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("x-govbrain-signature:") }
                .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(WebhookSignature.verify(header: signature, body: last.body, secret: secrets["flaky"] ?? "", now: Int64(Date().timeIntervalSince1970)))
            #expect(!WebhookSignature.verify(header: signature, body: last.body + [32], secret: secrets["flaky"] ?? "", now: Int64(Date().timeIntervalSince1970)))
            #expect(last.head.lowercased().contains("x-govbrain-event: update"))
            let sent = try JSONParser.parse(bytes: last.body)
            #expect(sent["event"] == .string("update") && sent["alert"]?["id"] == .string(alert) && sent["alert"]?["status"] == .string("acknowledged"))
            // The closed and the silent subscribers end as dead letters after three attempts; the
            // silent one held up nobody (the flaky one was served meanwhile).
            var dead: [JSON] = []
            for _ in 0..<480 {
                let (_, d, _) = try await get(URL(string: "\(base)/v1/webhooks/deliveries?status=dead")!)
                dead = d["deliveries"]?.arrayValue ?? []
                if dead.count == 2 { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(Set(dead.compactMap { $0["webhook"]?.stringValue }) == Set([ids["silent"], ids["closed"]].compactMap { $0 }), "\(dead)")
            #expect(dead.allSatisfy { $0["attempts"] == .int(3) && $0["lastError"]?.stringValue?.isEmpty == false })
            let (_, delivered, _) = try await get(URL(string: "\(base)/v1/webhooks/deliveries?webhook=\(ids["flaky"] ?? "")")!)
            let flakyDelivery = delivered["deliveries"]?.arrayValue?.first
            #expect(flakyDelivery?["status"] == .string("delivered") && flakyDelivery?["attempts"] == .int(3) && flakyDelivery?["lastStatus"] == .int(200))
            // A dead letter can be sent again; only a dead one.
            let deadID = try #require(dead.first?["id"]?.doubleValue)
            let (retried, again) = try await post(base.appendingPathComponent("v1/webhooks/deliveries/\(Int(deadID))/retry"), "")
            #expect(retried == 200 && again["status"] == .string("pending") && again["attempts"] == .int(0))
            let deliveredID = try #require(flakyDelivery?["id"]?.doubleValue)
            let (conflict, _) = try await post(base.appendingPathComponent("v1/webhooks/deliveries/\(Int(deliveredID))/retry"), "")
            #expect(conflict == 409)
            // Removing a webhook cancels what it still had pending.
            let (removed, gone, _) = try await send(base.appendingPathComponent("v1/webhooks/\(ids["silent"] ?? "")"), method: "DELETE")
            #expect(removed == 200 && gone["removedAt"]?.stringValue != nil)
            let (missing, _, _) = try await send(base.appendingPathComponent("v1/webhooks/wh_nothing"), method: "DELETE")
            #expect(missing == 404)
            // Bad subscriptions and other roles are refused.
            for bad in [#"{"url": "ftp://127.0.0.1/x"}"#, #"{"url": "http://169.254.169.254/latest"}"#, #"{"url": "http://user:pw@127.0.0.1/"}"#,
                        #"{"url": "http://127.0.0.1/", "events": ["deleted"]}"#, #"{"url": "http://127.0.0.1/", "level": "purple"}"#, #"{"url": "not a url"}"#,
                        #"{"url": "http://no-such-host.invalid/"}"#] {
                let (s, err) = try await post(hooks, bad)
                #expect(s == 400 && err["error"]?["message"] != nil, "\(bad)")
            }
            let (forbidden, _) = try await post(hooks, #"{"url": "http://127.0.0.1/"}"#, as: .supervisor)
            #expect(forbidden == 403)
        }
        // Without the operator's permission, this machine's own addresses are refused.
        try await withServer { base in
            let (s, err) = try await post(base.appendingPathComponent("v1/webhooks"), #"{"url": "http://localhost:\#(flaky.port)/hook"}"#)
            #expect(s == 400 && err["error"]?["message"]?.stringValue?.contains("loopback") == true, "\(err)")
        }
    }

    @Test func webhookAddressesAreClassified() {
        #expect(WebhookTarget.classify("127.0.0.1") == .loopback && WebhookTarget.classify("::1") == .loopback)
        #expect(WebhookTarget.classify("::ffff:127.0.0.2") == .loopback)
        #expect(WebhookTarget.classify("169.254.169.254") == .forbidden && WebhookTarget.classify("0.0.0.0") == .forbidden)
        #expect(WebhookTarget.classify("fe80::1") == .forbidden && WebhookTarget.classify("::") == .forbidden)
        #expect(WebhookTarget.classify("10.1.2.3") == .ordinary && WebhookTarget.classify("2001:db8::1") == .ordinary)
        let body = Array(#"{"event":"update"}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: "s3cret", timestamp: 1_700_000_000)
        #expect(WebhookSignature.verify(header: header, body: body, secret: "s3cret", now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "other", now: 1_700_000_100))
        #expect(!WebhookSignature.verify(header: header, body: body, secret: "s3cret", now: 1_700_001_000), "too old: a replay")
    }
}
