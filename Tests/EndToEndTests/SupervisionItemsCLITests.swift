import Foundation
import Testing
import KGCore

/// The supervision-item catalogue from the command line on a tiny demo database: the items and
/// their lists, the claim rates against the generator's planted truth of the same run, a joint
/// draw twice with one seed (same visits, two audit records) and its bad input.
@Suite(.serialized) struct SupervisionItemsCLITests {
    @Test func listsItemsClaimRatesAndDrawsJointly() throws {
        let dir = try SupervisionCLITests.fixture()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = try GovBrainBinary.run(["supervision", "items", "--db", "g.sqlite", "--format", "csv"], in: dir)
        #expect(items.status == 0, "\(items.stderr)")
        let lines = items.stdout.split(separator: "\n")
        #expect(lines.first == "code,name,domain,departmentType,checkMethod,doubleRandom,jointSupervision,claimedBy" && lines.count == 30)
        let joint = try JSONParser.parse(try GovBrainBinary.run(["supervision", "items", "--db", "g.sqlite", "--joint-only", "--department", "ecoenv"], in: dir).stdout)
        #expect((joint.arrayValue ?? []).count == 4 && (joint.arrayValue ?? []).allSatisfy { $0["jointSupervision"] == .bool(true) && $0["departmentType"] == .string("ecoenv") })

        // Claim rates per office equal the planted ones of the datagen run the database came from.
        let offices = try GovBrainBinary.run(["supervision", "claims", "--db", "g.sqlite", "--level", "office", "--format", "csv"], in: dir)
        #expect(offices.status == 0, "\(offices.stderr)")
        var measured: [String: String] = [:]
        for line in offices.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            measured[f[1]] = f[6]
        }
        let truth = try String(contentsOf: dir.appendingPathComponent("data/truth/office_claim_rate.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(truth.count == measured.count && truth.count > 100)
        for line in truth {
            let f = line.split(separator: ",").map(String.init)
            #expect(measured[f[0]] == f[4], "\(f[0])")
        }
        let departments = try JSONParser.parse(try GovBrainBinary.run(["supervision", "claims", "--db", "g.sqlite", "--level", "department"], in: dir).stdout)
        let rows = departments.arrayValue ?? []
        #expect(Set(rows.compactMap { $0["key"]?.stringValue }) == ["market", "ecoenv", "emergency", "housing"])
        #expect(rows.allSatisfy { ($0["claimRate"]?.doubleValue ?? 0) > 0.8 && $0["target"]?.doubleValue == 0.95 })
        let bad = try GovBrainBinary.run(["supervision", "claims", "--db", "g.sqlite", "--level", "county"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("county"))

        // The printed efficacy report shows the plan's claim-rate target per unit; the hotline's does not.
        let html = try GovBrainBinary.run(["efficacy", "report", "--db", "g.sqlite", "--period", "2024-Q4", "--level", "department", "--format", "html", "--out", "r.html"], in: dir)
        #expect(html.status == 0, "\(html.stderr)")
        let page = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
        #expect(page.contains("四、规划目标：监管事项认领率（PT121，目标 ≥ 95%）") && page.contains("达标单位 1 / 4"))
        _ = try GovBrainBinary.run(["efficacy", "report", "--db", "g.sqlite", "--period", "2024-Q4", "--domain", "hotline", "--format", "html", "--out", "h.html"], in: dir)
        #expect(!(try String(contentsOf: dir.appendingPathComponent("h.html"), encoding: .utf8)).contains("认领率"))

        // A joint draw: the same seed draws the same visits and each draw is recorded.
        let args = ["risk", "sample", "--db", "g.sqlite", "--region", "450000", "--n", "3", "--seed", "5", "--joint", "market,ecoenv", "--format", "json"]
        let a = try GovBrainBinary.run(args, in: dir), b = try GovBrainBinary.run(args, in: dir)
        #expect(a.status == 0, "\(a.stderr)")
        let da = try JSONParser.parse(a.stdout), db = try JSONParser.parse(b.stdout)
        let visits = da["selected"]?.arrayValue ?? []
        #expect(visits.count == 3 && visits.map { $0["uscc"] } == (db["selected"]?.arrayValue ?? []).map { $0["uscc"] })
        #expect(da["departments"] == .array([.string("market"), .string("ecoenv")]) && da["id"] != db["id"])
        for v in visits {
            let teams = v["teams"]?.arrayValue ?? []
            #expect(teams.map { $0["department"]?.stringValue ?? "" } == ["market", "ecoenv"])
            #expect(teams.allSatisfy { ($0["items"]?.arrayValue ?? []).allSatisfy { ($0.stringValue ?? "").hasPrefix("JGSX-") } && $0["inspectors"]?.arrayValue?.count == 1 })
        }
        let audit = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                            "MATCH (d:InspectionDraw)-[s:SELECTED]->(:Enterprise) WHERE d.departments IS NOT NULL AND NOT d.method STARTS WITH 'govbrain datagen' RETURN count(DISTINCT d), count(s)"], in: dir)
        #expect((try JSONParser.parse(audit.stdout)["rows"]?.arrayValue?.first?.arrayValue ?? []) == [.int(2), .int(6)])

        // Bad input: unknown department type, a single department, n ≤ 0.
        for (extra, words) in [(["--joint", "market,police"], "unknown department type 'police'"), (["--joint", "ecoenv"], "at least two"),
                               (["--joint", "market,ecoenv", "--n", "0"], "n must be at least 1")] {
            var bad = ["risk", "sample", "--db", "g.sqlite", "--region", "450000", "--n", "3", "--seed", "5"]
            if extra.contains("--n") { bad.removeSubrange(6...7) }
            let r = try GovBrainBinary.run(bad + extra, in: dir)
            #expect(r.status == 1 && r.stderr.contains(words), "\(r.stderr)")
        }
    }
}
