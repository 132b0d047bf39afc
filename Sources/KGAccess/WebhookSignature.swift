import Crypto
import Foundation

/// How a webhook body is signed: `X-GovBrain-Signature: t=<unix seconds>,v1=<hex>` where hex is the
/// HMAC-SHA256, keyed with the subscription's secret, of `<unix seconds>.<body>`. A receiver
/// recomputes it and compares in constant time, and refuses a timestamp too old (replays).
public enum WebhookSignature {
    /// The header's value for `body` sent at `timestamp` (unix seconds).
    public static func header(body: [UInt8], secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(hex(body: body, secret: secret, timestamp: timestamp))"
    }

    /// The signature alone, lowercase hex.
    public static func hex(body: [UInt8], secret: String, timestamp: Int64) -> String {
        let message = Array("\(timestamp).".utf8) + body
        return HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` signs `body` with `secret`, made at most `tolerance` seconds before `now`.
    public static func verify(header: String, body: [UInt8], secret: String, now: Int64, tolerance: Int64 = 300) -> Bool {
        var t: Int64?, v1: String?
        for part in header.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            if kv[0] == "t" { t = Int64(kv[1]) } else if kv[0] == "v1" { v1 = kv[1] }
        }
        guard let t, let v1, abs(now - t) <= tolerance else { return false }
        return ConstantTime.equal(Array(hex(body: body, secret: secret, timestamp: t).utf8), Array(v1.utf8))
    }
}
