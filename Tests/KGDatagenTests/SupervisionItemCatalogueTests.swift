import Foundation
import KGCore
import KGStore
import Testing
@testable import KGDatagen

/// The supervision-item catalogue the generator plants: the items of the four department types
/// with their lists, each office's claims of its own type's items matching the planted claim rate
/// in truth/, most offices at 100 % and some below the 95 % target, inspectors for the other
/// domains' offices, and determinism by seed.
@Suite struct SupervisionItemCatalogueTests {
    @Test func plantsTheCatalogueClaimsAndTheirTruth() throws {
        let (folder, report) = try DomainSupervisionTests.generate(seed: 42)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let items = try CSVTable.read(path: folder + "/supervision_items.csv").rows
        #expect(items.count == SupervisionItemCatalogue.items.count && items.count == 29)
        #expect(Set(items.map { $0["code:ID(SupervisionItem)"]! }).count == items.count)
        let typeOf = Dictionary(uniqueKeysWithValues: items.map { ($0["code:ID(SupervisionItem)"]!, $0["departmentType"]!) })
        for type in ["market", "ecoenv", "emergency", "housing"] {
            let own = items.filter { $0["departmentType"] == type }
            #expect(own.count >= 7 && own.contains { $0["jointSupervision:boolean"] == "true" } && own.contains { $0["doubleRandom:boolean"] == "true" })
            #expect(own.allSatisfy { ["现场检查", "书面检查", "抽样检测", "网络监测"].contains($0["checkMethod"]!) && $0["name"]!.hasPrefix("对") })
        }
        let offices = try CSVTable.read(path: folder + "/offices.csv").rows.map { $0["code:ID(Office)"]! }
        let claimants = offices.filter { o in ["market", "ecoenv", "emergency", "housing"].contains { o.hasPrefix($0 + "-") } }
        let claims = try CSVTable.read(path: folder + "/office_claims.csv").rows
        #expect(claims.allSatisfy { $0[":TYPE"] == "CLAIMS" && $0[":START_ID(Office)"]!.hasPrefix(typeOf[$0[":END_ID(SupervisionItem)"]!]! + "-") },
                "an office claims only items of its own department type")
        let claimed = Dictionary(grouping: claims, by: { $0[":START_ID(Office)"]! }).mapValues(\.count)
        let truth = try CSVTable.read(path: folder + "/truth/office_claim_rate.csv").rows
        #expect(Set(truth.map { $0["office"]! }) == Set(claimants))
        for row in truth {
            #expect(Int(row["claimed"]!)! == claimed[row["office"]!, default: 0])
            #expect(abs(Double(row["claimRate"]!)! - Double(row["claimed"]!)! / Double(row["items"]!)!) < 1e-4)
        }
        let full = truth.filter { $0["claimRate"] == "1.0000" }.count
        #expect(Double(full) / Double(truth.count) > 0.65 && Double(full) / Double(truth.count) < 0.92, "\(full) of \(truth.count) at 100 %")
        #expect(truth.allSatisfy { Double($0["claimRate"]!)! >= 0.5714 }, "at most three items unclaimed")
        // Inspectors of the ecology, emergency and housing offices, new people with ids of their own.
        let inspectors = try CSVTable.read(path: folder + "/supervision_inspectors_works_at.csv").rows
        #expect(inspectors.count > 100 && inspectors.allSatisfy { o in ["ecoenv-", "emergency-", "housing-"].contains { o[":END_ID(Office)"]!.hasPrefix($0) } })
        let people = Set(try CSVTable.read(path: folder + "/persons.csv").rows.map { $0["idNumber:ID(Person)"]! })
        let added = try CSVTable.read(path: folder + "/supervision_inspectors.csv").rows.map { $0["idNumber:ID(Person)"]! }
        #expect(added.count == inspectors.count && Set(added).count == added.count && people.isDisjoint(with: added))
        #expect(report.nodeFiles.contains("supervision_items.csv") && report.relationshipFiles.contains("office_claims.csv"))
    }

    @Test func theSeedFixesTheClaims() throws {
        let (a, _) = try DomainSupervisionTests.generate(seed: 5)
        let (b, _) = try DomainSupervisionTests.generate(seed: 5)
        let (c, _) = try DomainSupervisionTests.generate(seed: 6)
        defer { for f in [a, b, c] { try? FileManager.default.removeItem(atPath: f) } }
        for file in ["supervision_items", "office_claims", "truth/office_claim_rate", "supervision_inspectors", "persons"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/\(file).csv")) == Data(contentsOf: URL(fileURLWithPath: b + "/\(file).csv")), "\(file): same seed, same bytes")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/office_claims.csv")) != Data(contentsOf: URL(fileURLWithPath: c + "/office_claims.csv")))
    }
}
