import Foundation
import KGCore
import KGEngine
import KGOntology
import KGStore
import Testing
@testable import KGDatagen

@Suite struct DatagenTests {
    static func reference() throws -> ReferenceCatalog {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try ReferenceCatalog.load(folder: root.appendingPathComponent("Datasets/reference").path)
    }

    static func tempFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func tinyIsDeterministicValidAndImportsWithTheOntology() throws {
        let reference = try Self.reference()
        let a = try Self.tempFolder(), b = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let ra = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 42, outputFolder: a), reference: reference).run()
        let rb = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 42, outputFolder: b), reference: reference).run()
        #expect(ra.files.map(\.sha256) == rb.files.map(\.sha256), "same seed, same bytes")
        let other = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        let rc = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 43, outputFolder: other), reference: reference).run()
        #expect(ra.files.first { $0.name == "enterprises.csv" }?.sha256 != rc.files.first { $0.name == "enterprises.csv" }?.sha256)

        // Every credit code and identity number passes its checksum, and ID numbers agree with the person.
        let enterprises = try CSVTable.read(path: a + "/enterprises.csv")
        #expect(enterprises.rows.count == 1000)
        for row in enterprises.rows { #expect(IdentifierValidator.isValidUSCC(row["uscc:ID(Enterprise)"]!)) }
        for row in try CSVTable.read(path: a + "/persons.csv").rows {
            let id = row["idNumber:ID(Person)"]!
            #expect(IdentifierValidator.isValidResidentID(id))
            #expect(id.dropFirst(6).prefix(8) == row["birthDate:date"]!.replacingOccurrences(of: "-", with: ""))
            #expect((Int(String(id.dropFirst(16).prefix(1)))! % 2 == 1) == (row["gender"] == "男"))
            #expect(row["synthetic:boolean"] == "true")
        }
        // The manifest lists every file with its checksum; truth is kept apart.
        let manifest = try JSONParser.parse(String(contentsOfFile: a + "/manifest.json", encoding: .utf8))
        #expect(manifest["files"]?.arrayValue?.count == ra.files.count)
        #expect(FileManager.default.fileExists(atPath: a + "/truth/enterprise_risk.csv"))

        // Imports cleanly with the ontology on.
        let dbPath = a + "/g.sqlite"
        let kg = try KnowledgeGraph.open(path: dbPath, options: .init(createIfMissing: true, schemaModeForNew: .ontology))
        let files = (ra.nodeFiles + ra.relationshipFiles).map { a + "/" + $0 }
        let report = try kg.importFiles(files, options: ImportOptions())
        #expect(report.nodesCreated == ra.nodes && report.relationshipsCreated == ra.relationships && report.rejected == 0)
        let r = try kg.queryText("MATCH (w:WorkOrder)-[:HAS_INTENT]->(i:Intent) RETURN count(DISTINCT i) AS intents")
        #expect(r.rows == [["53"]])
    }

    @Test func latentRiskDrivesViolations() throws {
        let reference = try Self.reference()
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 5, outputFolder: folder), reference: reference).run()
        var risk: [String: Double] = [:], lastHalf: [String: Double] = [:]
        for row in try CSVTable.read(path: folder + "/truth/enterprise_risk.csv").rows {
            risk[row["uscc"]!] = Double(row["latentRisk"]!)!
            if let p = Double(row["p2024H2"] ?? "") { lastHalf[row["uscc"]!] = p }
        }
        let violators = Set(try CSVTable.read(path: folder + "/violation_committed_by.csv").rows.map { $0[":END_ID(Enterprise)"]! })
        let meanViolator = violators.map { risk[$0]! }.reduce(0, +) / Double(max(1, violators.count))
        let meanAll = risk.values.reduce(0, +) / Double(risk.count)
        #expect(meanViolator > 1.3 * meanAll, "violators are riskier: \(meanViolator) vs \(meanAll)")
        let high = risk.values.filter { $0 >= 0.5 }.count
        #expect(high > 40 && high < 200, "about 8% high-risk plus related parties: \(high)")
        // Adverse records of the last half-year fall on enterprises the generator gave a high probability.
        var dated: [String: String] = [:]
        for row in try CSVTable.read(path: folder + "/violations.csv").rows { dated[row["code:ID(Violation)"]!] = row["date:date"]! }
        for row in try CSVTable.read(path: folder + "/credit_records.csv").rows where row["positive:boolean"] == "false" {
            dated[row["code:ID(CreditRecord)"]!] = row["date:date"]!
        }
        var adverse = Set<String>()
        for (file, key) in [("violation_committed_by.csv", ":START_ID(Violation)"), ("credit_record_for.csv", ":START_ID(CreditRecord)")] {
            for row in try CSVTable.read(path: folder + "/" + file).rows where (dated[row[key]!] ?? "") >= "2024-07-01" { adverse.insert(row[":END_ID(Enterprise)"]!) }
        }
        let meanP = lastHalf.values.reduce(0, +) / Double(lastHalf.count)
        let meanAdverse = adverse.compactMap { lastHalf[$0] }.reduce(0, +) / Double(max(1, adverse.count))
        #expect(adverse.count > 10 && meanAdverse > 2 * meanP, "\(adverse.count) enterprises: \(meanAdverse) vs \(meanP)")
    }

    @Test func corpusTextsAreVariedAndLabelled() throws {
        let reference = try Self.reference()
        let folder = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try HotlineCorpus.write(reference: reference, seed: 3, count: 2000, folder: folder)
        #expect(report.reduce(0) { $0 + $1.1 } == 2000)
        let lines = try String(contentsOfFile: folder + "/train.jsonl", encoding: .utf8).split(separator: "\n")
        var intents = Set<String>()
        var lengths: [Int] = []
        for line in lines {
            let j = try JSONParser.parse(String(line))
            intents.insert(j["intent"]!.stringValue!)
            lengths.append(j["text"]!.stringValue!.count)
        }
        #expect(intents.count == 53)
        #expect(lengths.min()! >= 10 && lengths.max()! <= 200)
        #expect(Set(lines).count > lines.count * 9 / 10, "texts rarely repeat")
    }

    @Test func theUrgencyCorpusIsDeterministicBalancedAndHoldsSituationsOutOfTraining() throws {
        let reference = try Self.reference()
        let a = try Self.tempFolder(), b = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let report = try UrgencyCorpus.write(reference: reference, seed: 3, count: 2_000, folder: a)
        _ = try UrgencyCorpus.write(reference: reference, seed: 3, count: 2_000, folder: b)
        #expect(report.map(\.1) == [1_600, 200, 200])
        for split in ["train", "dev", "test", "manifest"] {
            let ext = split == "manifest" ? ".json" : ".jsonl"
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/" + split + ext)) == Data(contentsOf: URL(fileURLWithPath: b + "/" + split + ext)))
        }
        let train = try String(contentsOfFile: a + "/train.jsonl", encoding: .utf8)
        let counts = Dictionary(grouping: train.split(separator: "\n"), by: { line -> String in
            (try? JSONParser.parse(String(line)))?["urgency"]?.stringValue ?? "?" }).mapValues(\.count)
        #expect(counts["urgent"]! > 300 && counts["priority"]! > 200 && counts["normal"]! > 700 && counts["?"] == nil)
        // The situations held out for dev and test appear in no training text.
        let lists = UrgencyCorpus.situationLists(seed: 3, situations: [])
        for list in [lists["urgent"]!, lists["priority"]!] {
            for held in list.suffix(2 * UrgencyCorpus.heldOut(list.count)) {
                let core = held.components(separatedBy: CharacterSet(charactersIn: "{}，")).max { $0.count < $1.count }!
                #expect(!train.contains(core), "\(core) is held out")
            }
        }
    }

    @Test func theCorrectionStreamUsesOnlyPhrasingTheTrainingSplitNeverHas() throws {
        let reference = try Self.reference()
        let a = try Self.tempFolder(), b = try Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let report = try CorrectionStream.write(reference: reference, seed: 5, count: 300, evalCount: 120, folder: a)
        _ = try CorrectionStream.write(reference: reference, seed: 5, count: 300, evalCount: 120, folder: b)
        #expect(report.map(\.1) == [300, 120])
        for name in ["corrections.jsonl", "eval.jsonl"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a + "/" + name)) == Data(contentsOf: URL(fileURLWithPath: b + "/" + name)))
        }
        let stream = try String(contentsOfFile: a + "/corrections.jsonl", encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        let eval = try String(contentsOfFile: a + "/eval.jsonl", encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        // Every intent comes up in the first stretch of the stream; the evaluation set is other texts.
        #expect(Set(stream.prefix(53).compactMap { $0["intent"]?.stringValue }).count == 53)
        let streamTexts = Set(stream.compactMap { $0["text"]?.stringValue }), evalTexts = Set(eval.compactMap { $0["text"]?.stringValue })
        #expect(streamTexts.intersection(evalTexts).count < 5)
        // Each text carries one of its intent's two held-out phrasings (unless worded like a sibling's).
        var held = 0
        for row in stream {
            guard let intent = row["intent"]?.stringValue, let text = row["text"]?.stringValue, let entry = HotlinePhrasebook.entries[intent] else { continue }
            let cores = entry.problems.suffix(2).map { $0.replacingOccurrences(of: "，", with: "") }
            if cores.contains(where: { core in text.replacingOccurrences(of: "，", with: "").contains(core.prefix(6)) }) { held += 1 }
        }
        #expect(held > stream.count * 3 / 4, "\(held) of \(stream.count) carry held-out phrasing")
    }
}
