/// Which OpenBLAS kernel set ("core") a CPU should use, and whether the one OpenBLAS picked is
/// a fallback below it.
///
/// OpenBLAS built with DYNAMIC_ARCH (Debian's) picks its kernels from the CPU model it
/// recognises; a CPU newer than the library (Debian 12's 0.3.21 and Intel's Sapphire Rapids,
/// for instance) gets the generic Prescott kernels, up to 6× slower on `sgemm`. The choice here
/// goes by instruction-set features instead, so it holds for CPUs the library has never heard of.
public enum BLASCoreChoice {
    /// The kernel tiers, from the generic SSE kernels up to AVX-512 with BF16.
    public enum Tier: Int, Sendable, Comparable, Codable {
        case generic = 0, avx = 1, avx2 = 2, avx512 = 3, avx512bf16 = 4

        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    /// The tier of an OpenBLAS core name (as `openblas_get_corename` prints it or
    /// `OPENBLAS_CORETYPE` takes it, any case); unknown names are `generic`.
    public static func tier(ofCore name: String) -> Tier {
        switch name.lowercased() {
        case "cooperlake", "sapphirerapids": return .avx512bf16
        case "skylakex": return .avx512
        case "haswell", "zen": return .avx2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": return .avx
        default: return .generic
        }
    }

    /// The highest tier whose kernels the CPU can run.
    public static func tier(of cpu: CPUFeatures) -> Tier {
        if cpu.avx512 && cpu.avx512bf16 { return .avx512bf16 }
        if cpu.avx512 { return .avx512 }
        if cpu.avx2 && cpu.fma { return .avx2 }
        if cpu.avx { return .avx }
        return .generic
    }

    /// The core to ask for on this CPU (a name Debian 12's OpenBLAS 0.3.21 knows), or nil when
    /// the generic kernels are all it can run.
    public static func recommendedCore(for cpu: CPUFeatures) -> String? {
        switch tier(of: cpu) {
        case .avx512bf16: return "Cooperlake"
        case .avx512: return "SkylakeX"
        case .avx2: return cpu.vendor == "AuthenticAMD" ? "Zen" : "Haswell"
        case .avx: return "Sandybridge"
        case .generic: return nil
        }
    }

    /// The core to switch to when `current` is below what the CPU can run, else nil.
    public static func correction(current: String, cpu: CPUFeatures) -> String? {
        guard let best = recommendedCore(for: cpu), tier(ofCore: current) < tier(of: cpu) else { return nil }
        return best
    }
}
