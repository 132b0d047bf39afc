import ArgumentParser
import Foundation
import KGCore
import KGEmbedding
import KGEngine

/// `govbrain doctor`: what this machine gives GovBrain — the CPU's features, the BLAS library,
/// the kernels it runs and how they were chosen, and a measured `sgemm` speed.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Print the CPU features, the BLAS in use, its kernel set (core) and a measured sgemm GFLOP/s.",
        discussion: """
        OpenBLAS picks its kernels from the CPU models it knows; on a newer CPU it falls back to slow
        generic ones. GovBrain then restarts itself once with OPENBLAS_CORETYPE set to the core that fits
        the CPU's instruction set (GOVBRAIN_BLAS_CORE=keep turns this off; GOVBRAIN_BLAS_CORE=auto also
        overrides an OPENBLAS_CORETYPE you set). Exit status 1 when the kernels are still below the CPU's.
        Examples:
          govbrain doctor
          govbrain doctor --format json --size 2048
        """)

    @OptionGroup var output: OutputOptions
    @Option(help: "Matrix size n of the timed n × n sgemm (64–8192).") var size = 1024
    @Flag(help: "Skip the sgemm measurement.") var noMeasure = false

    func validate() throws {
        guard (64...8192).contains(size) else { throw ValidationError("--size must be between 64 and 8192 (got \(size))") }
    }

    func run() throws {
        let cpu = CPUFeatures.current
        let blas = BLASCoreSelection.current
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let single = noMeasure ? nil : BLASLibrary.sgemmGFLOPS(n: size, threads: 1)
        let all = noMeasure || threads < 2 ? nil : BLASLibrary.sgemmGFLOPS(n: size, threads: threads)
        if output.format == .json {
            let doc: JSON = .object([
                ("version", .string(GovBrainVersion.current)),
                ("cpu", .object([("vendor", .string(cpu.vendor)), ("brand", .string(cpu.brand)),
                                 ("features", .array(cpu.names.map { .string($0) })),
                                 ("tier", .string("\(BLASCoreChoice.tier(of: cpu))"))])),
                ("blas", .object([("library", .string(blas.library)), ("core", blas.core.map { .string($0) } ?? .null),
                                  ("coreTier", blas.core.map { .string("\(BLASCoreChoice.tier(ofCore: $0))") } ?? .null),
                                  ("recommendedCore", blas.recommendedCore.map { .string($0) } ?? .null),
                                  ("chosenBy", .string(blas.chosenBy)), ("replaced", blas.replaced.map { .string($0) } ?? .null),
                                  ("belowCPU", .bool(blas.belowCPU))])),
                ("sgemm", noMeasure ? .null : .object([("n", .int(Int64(size))), ("gflops1Thread", .double(single ?? 0)),
                                                        ("threads", .int(Int64(threads))),
                                                        ("gflopsAllThreads", all.map { .double($0) } ?? .null)])),
            ])
            print(JSONWriter.string(doc))
        } else {
            print("GovBrain \(GovBrainVersion.current)")
            print("CPU      \(cpu.brand.isEmpty ? "unknown" : cpu.brand) (\(cpu.vendor.isEmpty ? "unknown vendor" : cpu.vendor))")
            print("features \(cpu.names.joined(separator: " ")) → kernel tier \(BLASCoreChoice.tier(of: cpu))")
            print("BLAS     \(blas.library)")
            print("core     \(blas.summary)")
            if let single {
                let multi = all.map { String(format1: $0) + " GFLOP/s on \(threads) threads" } ?? "one core only"
                print("sgemm    \(size)×\(size): \(String(format1: single)) GFLOP/s on 1 thread, \(multi)")
            }
        }
        if blas.belowCPU { throw ExitCode(1) }
    }
}

private extension String {
    /// The number with one decimal.
    init(format1 value: Double) { self = String((value * 10).rounded() / 10) }
}
