import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore

/// `GET /v1/supervision/efficacy` on the tiny demo database: the report of a quarter, and the
/// error documents of a bad period and of a domain without cases.
extension ServerTests {
    @Test func efficacyReportRoute() async throws {
        try await withServer { base in
            let (s1, report, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2024-Q4&level=region")!)
            #expect(s1 == 200)
            #expect(report["period"] == .string("2024-Q4") && report["level"] == .string("region"))
            let rows = report["rows"]?.arrayValue ?? []
            #expect(!rows.isEmpty && rows.first?["rank"]?.doubleValue == 1)
            let (s2, bad, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2024Q4")!)
            #expect(s2 == 400 && bad["error"]?["message"]?.stringValue?.contains("YYYY-Qn") == true)
            let (s3, housing, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2024-Q4&domain=housing")!)
            #expect(s3 == 200 && housing["domain"] == .string("housing") && !(housing["rows"]?.arrayValue ?? []).isEmpty)
            let (s4, none, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2019-Q4&domain=housing")!)
            #expect(s4 == 400 && none["error"]?["message"]?.stringValue?.contains("no housing cases in period 2019-Q4") == true)
        }
    }
}
