import Foundation
import Testing
import KGCore

/// The catalogue commands' filters that mirror the HTTP routes (`supervision items --domain`,
/// `supervision claims --region --period`), the efficacy report's claim-rate column, and joint
/// draws by domain name with their refused attempts recorded — from the binary, on a tiny demo.
@Suite(.serialized) struct SupervisionItemsCLIQueryTests {
    @Test func filtersMirrorTheRoutesAndRefusedDrawsAreRecorded() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let build = try GovBrainBinary.run(["demo", "build", "--db", "g.sqlite", "--scale", "tiny", "--no-vectors"], in: dir)
        try #require(build.status == 0, "\(build.stderr)")

        let ecology = try GovBrainBinary.run(["supervision", "items", "--db", "g.sqlite", "--domain", "ecology", "--format", "csv"], in: dir)
        #expect(ecology.status == 0 && ecology.stdout.split(separator: "\n").count == 8, "\(ecology.stderr)")
        #expect(ecology.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",")[2] == "ecology" })
        let police = try GovBrainBinary.run(["supervision", "items", "--db", "g.sqlite", "--domain", "police"], in: dir)
        #expect(police.status == 1 && police.stderr.contains("unknown domain 'police'; use one of ecology, emergency, housing, market"))

        let city = try GovBrainBinary.run(["supervision", "claims", "--db", "g.sqlite", "--region", "450100", "--period", "2024-Q4", "--format", "csv"], in: dir)
        #expect(city.status == 0, "\(city.stderr)")
        let offices = city.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[1] }
        #expect(!offices.isEmpty && offices.allSatisfy { $0.split(separator: "-").last?.hasPrefix("4501") == true })
        for (extra, words) in [(["--period", "2024Q4"], "YYYY-Qn"), (["--region", "999999"], "no office")] {
            let r = try GovBrainBinary.run(["supervision", "claims", "--db", "g.sqlite"] + extra, in: dir)
            #expect(r.status == 1 && r.stderr.contains(words), "\(r.stderr)")
        }

        let csv = try GovBrainBinary.run(["efficacy", "report", "--db", "g.sqlite", "--period", "2024-Q4", "--level", "department", "--domain", "market", "--format", "csv"], in: dir)
        let lines = csv.stdout.split(separator: "\n")
        #expect(csv.status == 0 && lines.first?.hasSuffix(",claim_rate") == true, "\(csv.stderr)")
        #expect(lines.count == 2 && Double(lines[1].split(separator: ",").last ?? "") != nil)

        let draw = try GovBrainBinary.run(["risk", "sample", "--db", "g.sqlite", "--region", "450000", "--n", "2", "--seed", "3", "--joint", "market,ecology", "--format", "json"], in: dir)
        #expect(draw.status == 0, "\(draw.stderr)")
        #expect(try JSONParser.parse(draw.stdout)["departments"] == .array([.string("market"), .string("ecoenv")]))
        let refused = try GovBrainBinary.run(["risk", "sample", "--db", "g.sqlite", "--region", "450000", "--n", "2", "--seed", "3", "--joint", "market,police"], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("unknown department type 'police'"))
        let recorded = try GovBrainBinary.run(["query", "--db", "g.sqlite", "--format", "json",
                                               "MATCH (d:InspectionDraw) WHERE d.departments IS NOT NULL AND NOT d.method STARTS WITH 'govbrain datagen' RETURN d.drawStatus, d.orderedBy, d.seed ORDER BY d.drawStatus"], in: dir)
        #expect(try JSONParser.parse(recorded.stdout)["rows"] == .array([.array([.string("drawn"), .string("cli"), .int(3)]), .array([.string("refused"), .string("cli"), .int(3)])]),
                "\(recorded.stdout)")
    }
}
