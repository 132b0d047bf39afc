import Foundation

/// Phase timings of a bulk load, one line on stderr per phase when GOVBRAIN_TRACE=1 (where an
/// import spends its time; never row contents).
struct ImportTrace {
    static let enabled = ProcessInfo.processInfo.environment["GOVBRAIN_TRACE"] == "1"
    private var last = DispatchTime.now().uptimeNanoseconds

    /// Reports the time since the previous mark (or the start) under `phase`.
    mutating func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data(String(format: "trace: import %@ %.3f s\n", phase, Double(now - last) / 1e9).utf8))
        last = now
    }
}
