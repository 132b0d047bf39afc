#if canImport(Glibc)
import Glibc
#endif

/// The BLAS kernels this process runs on, and how they were chosen.
///
/// `applyAtStart` runs first thing in `govbrain`: when OpenBLAS has fallen back to kernels below
/// what the CPU can run, it re-executes the program once with `OPENBLAS_CORETYPE` set to the
/// right core (OpenBLAS reads it only while loading, before `main`). `GOVBRAIN_BLAS_CORE=keep`
/// turns this off; a user's own `OPENBLAS_CORETYPE` is respected unless `GOVBRAIN_BLAS_CORE=auto`
/// is set explicitly.
public struct BLASCoreSelection: Sendable, Codable, Equatable {
    /// The environment variable that records the core a re-execution replaced.
    static let replacedVariable = "GOVBRAIN_BLAS_REPLACED"
    /// The switch: `auto` (the default) or `keep`.
    static let modeVariable = "GOVBRAIN_BLAS_CORE"

    /// OpenBLAS's build line, or "unknown (not OpenBLAS)".
    public var library: String
    /// The kernel set in use, nil with a BLAS other than OpenBLAS.
    public var core: String?
    /// The core that fits this CPU, nil when only the generic kernels fit.
    public var recommendedCore: String?
    /// Who chose `core`: `openblas` (the library's own detection), `govbrain` (a re-execution
    /// that replaced a fallback) or `OPENBLAS_CORETYPE` (set by the user).
    public var chosenBy: String
    /// The fallback core a re-execution replaced.
    public var replaced: String?
    /// Whether the core in use is below what the CPU can run (a slow fallback still in place).
    public var belowCPU: Bool

    /// The selection of this process.
    public static var current: BLASCoreSelection {
        let core = BLASLibrary.coreName
        let cpu = CPUFeatures.current
        let replaced = environment(replacedVariable)
        let chosenBy = replaced != nil ? "govbrain" : environment("OPENBLAS_CORETYPE") != nil ? "OPENBLAS_CORETYPE" : "openblas"
        let below = core.map { BLASCoreChoice.tier(ofCore: $0) < BLASCoreChoice.tier(of: cpu) } ?? false
        return BLASCoreSelection(library: BLASLibrary.configuration, core: core,
                                 recommendedCore: BLASCoreChoice.recommendedCore(for: cpu),
                                 chosenBy: chosenBy, replaced: replaced, belowCPU: below)
    }

    /// One line for logs: `OpenBLAS core Zen (chosen by openblas)`.
    public var summary: String {
        guard let core else { return "BLAS: \(library)" }
        var text = "OpenBLAS core \(core) (chosen by \(chosenBy)"
        if let replaced { text += ", replacing the fallback \(replaced)" }
        if belowCPU, let recommendedCore { text += "; below this CPU's \(recommendedCore): run with GOVBRAIN_BLAS_CORE=auto" }
        return text + ")"
    }

    /// Re-executes the program once with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to
    /// kernels below the CPU's. Returns (doing nothing) when there is nothing to fix, when it
    /// is turned off, or when the re-execution is not possible (a warning goes to stderr).
    public static func applyAtStart() {
        let mode = environment(modeVariable)
        guard mode != "keep", environment(replacedVariable) == nil else { return }
        if environment("OPENBLAS_CORETYPE") != nil && mode != "auto" { return }
        guard let current = BLASLibrary.coreName,
              let better = BLASCoreChoice.correction(current: current, cpu: CPUFeatures.current) else { return }
        let previous = environment("OPENBLAS_CORETYPE")
        setenv("OPENBLAS_CORETYPE", better, 1)
        setenv(replacedVariable, current, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when execv failed: carry on with the slow kernels, and say so.
        unsetenv(replacedVariable)
        if let previous { setenv("OPENBLAS_CORETYPE", previous, 1) } else { unsetenv("OPENBLAS_CORETYPE") }
        let warning = "warning: OpenBLAS runs its \(current) kernels, below this CPU's \(better); could not restart with OPENBLAS_CORETYPE=\(better) (errno \(errno)). Set it yourself for full speed.\n"
        _ = warning.utf8CString.withUnsafeBufferPointer { write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
