import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore

/// `GET /v1/supervision/efficacy` on the tiny demo database: the report of a quarter with each
/// office's share of joint inspections, and the error documents of a bad period and of a domain
/// without cases.
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
            // Joint inspections (联合检查) beside each office's index: the share of its inspections done jointly.
            let housingRows = housing["rows"]?.arrayValue ?? []
            #expect(housingRows.allSatisfy { r in
                guard let joint = r["jointInspections"]?.doubleValue, let share = r["jointShare"]?.doubleValue, let own = r["cases"]?.doubleValue else { return false }
                return abs(share - joint / (joint + own)) < 1e-12
            }, "\(housingRows.prefix(2))")
            #expect(housingRows.contains { ($0["jointShare"]?.doubleValue ?? 0) > 0 } && (housing["jointInspections"]?.doubleValue ?? 0) > 0)
            let (s4, none, _) = try await get(URL(string: "\(base)/v1/supervision/efficacy?period=2019-Q4&domain=housing")!)
            #expect(s4 == 400 && none["error"]?["message"]?.stringValue?.contains("no housing cases in period 2019-Q4") == true)
        }
    }
}
