import Foundation
import Testing
import KGCore
@testable import KGML

/// The dispatch threshold set on text of another origin: the lowest confidence whose dispatched
/// routings reach the target precision, never splitting ties, written beside the model and read back.
@Suite struct RoutingCalibrationTests {
    @Test func theThresholdIsTheLowestThatReachesTheTarget() throws {
        // 40 routings: confidence falls with the index; the first 30 are right but for #5 and #12, the last 10 wrong.
        let confidence = (0..<40).map { 1 - Double($0) / 50 }
        let correct = (0..<40).map { $0 < 30 && $0 != 5 && $0 != 12 }
        let tuned = try #require(RoutingCalibration.tune(confidence: confidence, correct: correct, target: 0.9))
        // Top 30: 28 right (0.933); top 31: 28/31 = 0.903; top 32: 0.875.
        #expect(tuned.threshold == confidence[30] && abs(tuned.coverage - 31.0 / 40) < 1e-12 && abs(tuned.precision - 28.0 / 31) < 1e-12)
        #expect(RoutingCalibration.tune(confidence: confidence, correct: correct, target: 0.99) == nil)
        // Ties are dispatched together or not at all: 29 right and one wrong at 0.8 (0.967) beat 0.95, the
        // first 29 alone are never cut from their tie.
        let tied = RoutingCalibration.tune(confidence: [Double](repeating: 0.8, count: 30) + [0.5], correct: [Bool](repeating: true, count: 29) + [false, false], target: 0.95)
        #expect(tied?.threshold == 0.8 && tied?.coverage == 30.0 / 31)
    }

    @Test func itIsWrittenBesideTheModelAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try RoutingCalibration.read(folder: folder) == nil)
        let c = RoutingCalibration(threshold: 0.78, targetPrecision: 0.96, source: "x.jsonl (odd)", items: 530, coverage: 0.53, precision: 0.961,
                                   createdAt: "2026-12-06T10:20:25Z")
        try c.write(folder: folder)
        #expect(try RoutingCalibration.read(folder: folder) == c)
        // The temperature set on the same texts travels with the threshold; files without one still read.
        let tempered = RoutingCalibration(threshold: 0.7, temperature: 1.7, targetPrecision: 0.95, source: "k.jsonl (all)", items: 530,
                                          coverage: 0.6, precision: 0.95, createdAt: "2026-12-06T23:30:00Z")
        try tempered.write(folder: folder)
        #expect(try RoutingCalibration.read(folder: folder) == tempered)
        #expect(c.temperature == nil)
        try "{\"threshold\": 7}".write(toFile: folder + "/" + RoutingCalibration.file, atomically: true, encoding: .utf8)
        #expect(throws: ModelError.self) { try RoutingCalibration.read(folder: folder) }
        try "{\"threshold\": 0.5, \"temperature\": -1}".write(toFile: folder + "/" + RoutingCalibration.file, atomically: true, encoding: .utf8)
        #expect(throws: ModelError.self) { try RoutingCalibration.read(folder: folder) }
    }
}
