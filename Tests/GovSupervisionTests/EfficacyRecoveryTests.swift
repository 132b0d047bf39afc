import Foundation
import Testing
import GovBrainTestSupport
import GovSupervision
import KGCore
import KGDatagen
import KGEngine

/// The hotline office index against the generator's planted slow offices (the tiny demo and
/// the truth of the same scale and seed), beside raw on-time rates.
@Suite struct EfficacyRecoveryTests {
    @Test func theIndexFindsPlantedSlowOfficesAtLeastAsWellAsRawRates() throws {
        let (folder, path) = try TinyDemo.copyInNewFolder(prefix: "effrec")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = folder.appendingPathComponent("gen").path
        let catalog = try ReferenceCatalog.load(folder: (try ResourceLocator.datasetsPath() as NSString).appendingPathComponent("reference"))
        _ = try DatasetGenerator(configuration: .init(scale: .tiny, seed: 1, outputFolder: generated), reference: catalog).run()
        let truth = try EfficacyRecovery.readTruth(path: generated + "/truth/office_speed.csv")
        #expect(truth.values.contains { $0 > 1 } && truth.values.contains(1), "the generator plants slow offices among ordinary ones")
        let quarters = ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
        let r = try EfficacyRecovery.measure(graph: try KnowledgeGraph.open(path: path), truth: truth, periods: quarters)
        #expect(r.periods.map(\.period) == quarters && r.stability.count == quarters.count - 1)
        // Slow offices take 2.2 times as long. Raw on-time rates see it; where the index tells offices
        // apart at all (on the tiny graph the shrinkage pulls every office to the mean in some quarters),
        // it sees it at least as well.
        let raw = r.periods.compactMap(\.raw.auc)
        #expect(raw.count >= 4 && raw.reduce(0, +) / Double(raw.count) > 0.55, "\(r.markdown)")
        let distinguished = r.periods.filter { $0.adjusted.spearman != nil }
        #expect(!distinguished.isEmpty, "\(r.markdown)")
        for p in distinguished { #expect((p.adjusted.auc ?? 0) >= (p.raw.auc ?? 1) - 0.05, "\(p.period): \(r.markdown)") }
        #expect(r.periods.filter { $0.adjusted.spearman == nil }.allSatisfy { $0.adjusted.auc == 0.5 })
        #expect(!r.markdown.contains("nan"), "\(r.markdown)")
        #expect(r.periods.allSatisfy { p in [p.adjusted.auc, p.raw.auc].allSatisfy { ($0 ?? 0.5) >= 0 && ($0 ?? 0.5) <= 1 } })
        #expect(r.markdown.contains("| 2024-Q4 |") && r.markdown.contains("rank stability"))
    }

    @Test func aTruthFileWithoutTheColumnsIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "office,speed\nA,1\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try EfficacyRecovery.readTruth(path: file.path) } throws: { "\($0)".contains("office,slowness") }
        try "office,slowness\nA,fast\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try EfficacyRecovery.readTruth(path: file.path) } throws: { "\($0)".contains("line 2") }
    }
}
