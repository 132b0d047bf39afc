import Foundation
import KGCore

/// The dispatch threshold of a routing model set again on text of another origin than its training
/// text (`calibration.json` beside the model): the lowest confidence at which the routings of that
/// text reach the target precision of the department. The model's own threshold is tuned on its dev
/// split, which shares the generator's phrasebook and so overstates how sure it may be on callers' words.
public struct RoutingCalibration: Sendable, Equatable {
    public static let file = "calibration.json"
    /// Fewest automatic routings a threshold is chosen from.
    public static let minimumDispatched = 20

    public let threshold: Double
    /// The softmax temperature fitted on the same texts (nil in files written before it was):
    /// the model's own is fitted on its dev split, where it is surer than on callers' words.
    public let temperature: Float?
    public let targetPrecision: Double
    /// The texts it was set on (path, and which of them).
    public let source: String
    public let items: Int
    /// On those texts at the threshold: the share dispatched and their department precision.
    public let coverage: Double
    public let precision: Double
    public let createdAt: String
    /// The out-of-distribution gate set on the same texts (nil in files written before it was, or
    /// when calibrated with `--novelty-quantile 0`).
    public let novelty: RoutingNovelty?

    public init(threshold: Double, temperature: Float? = nil, targetPrecision: Double, source: String, items: Int, coverage: Double, precision: Double,
                createdAt: String, novelty: RoutingNovelty? = nil) {
        self.threshold = threshold; self.temperature = temperature; self.targetPrecision = targetPrecision; self.source = source; self.items = items
        self.coverage = coverage; self.precision = precision; self.createdAt = createdAt; self.novelty = novelty
    }

    /// The lowest threshold whose dispatched routings (confidence ≥ threshold) are at least
    /// `target` precise, with the coverage and precision there; nil when no set of at least
    /// `minimumDispatched` routings is.
    public static func tune(confidence: [Double], correct: [Bool], target: Double) -> (threshold: Double, coverage: Double, precision: Double)? {
        let order = confidence.indices.sorted { confidence[$0] > confidence[$1] }
        var right = 0
        var best: (Double, Double, Double)?
        for (k, i) in order.enumerated() {
            if correct[i] { right += 1 }
            let n = k + 1
            // Cut only between different confidences: a threshold cannot split ties.
            if n < order.count && confidence[order[n]] == confidence[i] { continue }
            let precision = Double(right) / Double(n)
            if n >= minimumDispatched && precision >= target { best = (confidence[i], Double(n) / Double(order.count), precision) }
        }
        return best
    }

    /// The calibration in `folder`, or nil when there is none.
    /// - Throws: `ModelError` when the file is there but unreadable.
    public static func read(folder: String) throws -> RoutingCalibration? {
        let path = (folder as NSString).appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let json: JSON
        do { json = try JSONParser.parse(String(contentsOfFile: path, encoding: .utf8)) } catch {
            throw ModelError(code: .invalidArgumentValue, "\(path) is not valid JSON (\(error)); remove it or run `govbrain model calibrate routing` again")
        }
        func d(_ k: String) -> Double? { if case .double(let v)? = json[k] { return v } else if case .int(let v)? = json[k] { return Double(v) } else { return nil } }
        func s(_ k: String) -> String { if case .string(let v)? = json[k] { return v } else { return "" } }
        guard let t = d("threshold"), (0...1).contains(t) else {
            throw ModelError(code: .invalidArgumentValue, "\(path) has no threshold between 0 and 1; remove it or run `govbrain model calibrate routing` again")
        }
        let temperature = d("temperature")
        // A softmax temperature far outside what calibration fits would make every probability 0/0
        // or 1 once in Float: refused rather than loaded.
        if let temperature, !(temperature >= 1e-3 && temperature <= 1e3) {
            throw ModelError(code: .invalidArgumentValue, "\(path) has a temperature outside 0.001–1000; remove it or run `govbrain model calibrate routing` again")
        }
        // The gate is all or nothing: a file that names part of it, or gives it in the wrong type,
        // is refused (loading it without the gate would dispatch what the gate holds back).
        var novelty: RoutingNovelty?
        let gateKeys = ["minimumCoverage", "minimumEnergy", "noveltyQuantile"]
        if gateKeys.contains(where: { json[$0] != nil }) {
            guard let minimumCoverage = d("minimumCoverage"), (0...1).contains(minimumCoverage),
                  let minimumEnergy = d("minimumEnergy"), minimumEnergy.isFinite, abs(minimumEnergy) < 1e6,
                  let quantile = d("noveltyQuantile"), (0..<0.2).contains(quantile) else {
                throw ModelError(code: .invalidArgumentValue, "\(path) has an incomplete or out-of-range novelty gate (minimumCoverage 0–1, minimumEnergy a finite number, noveltyQuantile 0–0.2, all three numbers); remove it or run `govbrain model calibrate routing` again")
            }
            novelty = RoutingNovelty(minimumCoverage: minimumCoverage, minimumEnergy: minimumEnergy, quantile: quantile)
        }
        return RoutingCalibration(threshold: t, temperature: temperature.map { Float($0) }, targetPrecision: d("targetPrecision") ?? 0, source: s("source"), items: d("items").flatMap { Int(exactly: $0.rounded()) } ?? 0,
                                  coverage: d("coverage") ?? 0, precision: d("precision") ?? 0, createdAt: s("createdAt"), novelty: novelty)
    }

    /// Writes `calibration.json` into `folder` (atomically).
    public func write(folder: String) throws {
        let json: JSON = .object([("threshold", .double(threshold))] + (temperature.map { [("temperature", JSON.double(Double($0)))] } ?? []) + [("targetPrecision", .double(targetPrecision)), ("source", .string(source)),
                                  ("items", .int(Int64(items))), ("coverage", .double(coverage)), ("precision", .double(precision)),
                                  ("createdAt", .string(createdAt))]
                               + (novelty.map { [("minimumCoverage", JSON.double($0.minimumCoverage)), ("minimumEnergy", .double($0.minimumEnergy)),
                                                 ("noveltyQuantile", .double($0.quantile))] } ?? []))
        try AtomicFile.write(Data((JSONWriter.string(json) + "\n").utf8), to: (folder as NSString).appendingPathComponent(Self.file))
    }
}
