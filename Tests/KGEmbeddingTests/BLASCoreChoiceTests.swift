import Foundation
import Testing
@testable import KGEmbedding

/// The BLAS core chosen from instruction-set features, whatever CPU model OpenBLAS knows.
@Suite struct BLASCoreChoiceTests {
    private func cpu(vendor: String, _ build: (inout CPUFeatures) -> Void) -> CPUFeatures {
        var f = CPUFeatures()
        f.vendor = vendor
        f.sse42 = true
        build(&f)
        return f
    }

    @Test func aSapphireRapidsLeftOnPrescottGetsCooperlake() {
        let spr = cpu(vendor: "GenuineIntel") { $0.avx = true; $0.avx2 = true; $0.fma = true; $0.avx512 = true; $0.avx512bf16 = true; $0.amx = true }
        #expect(BLASCoreChoice.tier(of: spr) == .avx512bf16)
        #expect(BLASCoreChoice.correction(current: "Prescott", cpu: spr) == "Cooperlake")
        #expect(BLASCoreChoice.correction(current: "SkylakeX", cpu: spr) == "Cooperlake")
        #expect(BLASCoreChoice.correction(current: "Cooperlake", cpu: spr) == nil)
    }

    @Test func avx2MachinesGetTheirVendorsCoreOnlyWhenFallenBack() {
        let intel = cpu(vendor: "GenuineIntel") { $0.avx = true; $0.avx2 = true; $0.fma = true }
        let amd = cpu(vendor: "AuthenticAMD") { $0.avx = true; $0.avx2 = true; $0.fma = true }
        #expect(BLASCoreChoice.correction(current: "Prescott", cpu: intel) == "Haswell")
        #expect(BLASCoreChoice.correction(current: "Sandybridge", cpu: intel) == "Haswell")
        #expect(BLASCoreChoice.correction(current: "Prescott", cpu: amd) == "Zen")
        #expect(BLASCoreChoice.correction(current: "an unknown name", cpu: amd) == "Zen")
        #expect(BLASCoreChoice.correction(current: "Zen", cpu: amd) == nil)
        #expect(BLASCoreChoice.correction(current: "haswell", cpu: intel) == nil)
        // AVX2 without FMA is not enough for the Haswell kernels.
        let noFMA = cpu(vendor: "GenuineIntel") { $0.avx = true; $0.avx2 = true }
        #expect(BLASCoreChoice.correction(current: "Prescott", cpu: noFMA) == "Sandybridge")
    }

    @Test func aCPUWithoutAVXIsLeftAlone() {
        let old = cpu(vendor: "GenuineIntel") { _ in }
        #expect(BLASCoreChoice.recommendedCore(for: old) == nil)
        #expect(BLASCoreChoice.correction(current: "Prescott", cpu: old) == nil)
        #expect(BLASCoreChoice.correction(current: "Nehalem", cpu: old) == nil)
    }

    @Test func thisMachinesFeaturesAgreeWithItsCPUInfo() throws {
        // /proc/cpuinfo lists what the kernel saw; CPUID must not claim more.
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        let f = CPUFeatures.current
        #expect(f.avx2 == flags.contains("avx2"))
        #expect(f.fma == flags.contains("fma"))
        #expect(f.avx512 == (["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)))
        #expect(!f.vendor.isEmpty)
    }

    @Test func sgemmIsMeasuredAndPositive() {
        let gflops = BLASLibrary.sgemmGFLOPS(n: 128, threads: 1, repeats: 1)
        #expect(gflops > 0.1 && gflops.isFinite)
    }
}
