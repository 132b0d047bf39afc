import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
@testable import KGServer
import KGAccess

/// The dashboard page and the aggregate figures it reads with a dashboard key.
extension ServerTests {
    @Test func dashboardPageAndSummary() async throws {
        try await withServer { base in
            let (s1, page, _) = try await get(base, as: nil)
            #expect(s1 == 200 && page.stringValue?.contains("/dashboard/app.js") == true)
            let (s2, script, _) = try await get(base.appendingPathComponent("dashboard/app.js"), as: nil)
            #expect(s2 == 200 && script.stringValue?.contains("/v1/dashboard/summary") == true)
            // Only the dashboard's own files: no way out of its folder.
            for bad in ["dashboard/..%2F..%2F..%2FPackage.swift", "dashboard/index.swift", "dashboard/.hidden.js"] {
                let (status, _, _) = try await get(URL(string: base.absoluteString + "/" + bad)!, as: nil)
                #expect(status == 404, "\(bad)")
            }
            let (s3, summary, _) = try await get(base.appendingPathComponent("v1/dashboard/summary"), as: .dashboard)
            #expect(s3 == 200)
            let regions = try #require(summary["regions"]?.arrayValue)
            #expect(regions.count == 126)
            let province = try #require(regions.first { $0["level"] == .string("province") })
            // The province's tally is every enterprise; its grades add up to the graded ones.
            let (_, count) = try await post(base.appendingPathComponent("v1/query"),
                                            #"{"query": "MATCH (e:Enterprise) RETURN count(e) AS n, count(e.creditGrade) AS graded"}"#)
            let row = try #require(count["rows"]?.arrayValue?.first?.arrayValue)
            #expect(province["enterprises"] == row[0])
            guard case .object(let grades)? = province["creditGrades"] else { Issue.record("no grades"); return }
            #expect(grades.reduce(Int64(0)) { $0 + ($1.1.doubleValue.map { Int64($0) } ?? 0) } == (row[1].doubleValue.map { Int64($0) } ?? -1))
            #expect(summary["policies"]?["enterprises"] == row[0])
            // Counts only: no enterprise or person record reaches the dashboard role.
            let text = JSONWriter.string(summary)
            #expect(!text.contains("uscc") && !text.contains("idNumber"))
        }
    }
}
