import Foundation

/// Phase timings of one query, printed to stderr when GOVBRAIN_TRACE=1 (for finding where time
/// goes; never includes query text or parameters).
public final class PhaseTrace {
    public static let enabled = ProcessInfo.processInfo.environment["GOVBRAIN_TRACE"] == "1"
    public init() {}
    private var last = DispatchTime.now().uptimeNanoseconds
    private var marks: [(String, Double)] = []

    public func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        marks.append((phase, Double(now - last) / 1e6))
        last = now
    }

    public func report() {
        guard Self.enabled else { return }
        let text = marks.map { String(format: "%@ %.3f ms", $0.0, $0.1) }.joined(separator: ", ")
        FileHandle.standardError.write(Data(("trace: " + text + "\n").utf8))
    }
}
