import Foundation
import Testing
@testable import KGServer

/// The request log's cheap paths give what the slow ones gave: request ids are lowercase
/// version-4 UUIDs, and audit paths are redacted only where a run of 11 digits is.
@Suite struct RequestLogTests {
    @Test func requestIDsAreLowercaseVersion4UUIDs() {
        var seen = Set<String>()
        for _ in 0..<2000 {
            let id = RequestLogMiddleware.newRequestID()
            #expect(id.count == 36 && id == id.lowercased(), "\(id)")
            let parsed = UUID(uuidString: id)
            #expect(parsed?.uuidString.lowercased() == id, "\(id)")
            let chars = Array(id)
            #expect(chars[14] == "4" && "89ab".contains(chars[19]), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 2000)
    }

    @Test func auditPathsAreRedactedOnlyAroundLongDigitRuns() {
        let cases: [(String, String)] = [
            ("/v1/hotline/route", "/v1/hotline/route"),
            ("/v1/policies/4509241990/eligible", "/v1/policies/4509241990/eligible"),
            ("/v1/policies/45092419900101123X/eligible", "/v1/policies/{redacted}/eligible"),
            ("/v1/x/13812345678", "/v1/x/{redacted}"),
            ("/1234567890/1234567890/a", "/1234567890/1234567890/a"),
            ("//v1//12345678901//", "//v1//{redacted}//"),
            ("", ""),
        ]
        for (path, expected) in cases { #expect(AuditPath.redact(path) == expected, "\(path)") }
        let long = "/v1/" + String(repeating: "a", count: 600)
        #expect(AuditPath.redact(long) == String(long.prefix(512)))
    }
}
