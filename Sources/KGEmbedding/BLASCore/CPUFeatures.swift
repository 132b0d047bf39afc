import CVectorKernels

/// The x86 instruction-set features of the running CPU that decide which BLAS kernels it can
/// run (CPUID, checked against the state the operating system saves). Empty on other
/// architectures.
public struct CPUFeatures: Sendable, Hashable, Codable {
    public var sse42 = false
    public var avx = false
    public var avx2 = false
    public var fma = false
    /// AVX-512 F, CD, BW, DQ and VL together (what OpenBLAS's SkylakeX kernels use).
    public var avx512 = false
    public var avx512bf16 = false
    public var amx = false
    /// The CPUID vendor string (`GenuineIntel`, `AuthenticAMD`), empty when unknown.
    public var vendor = ""
    /// The processor brand string, empty when unknown.
    public var brand = ""

    public init() {}

    /// The features of this machine's CPU.
    public static let current: CPUFeatures = {
        let bits = gb_cpu_features()
        var f = CPUFeatures()
        f.sse42 = bits & UInt32(GB_CPU_SSE42) != 0
        f.avx = bits & UInt32(GB_CPU_AVX) != 0
        f.avx2 = bits & UInt32(GB_CPU_AVX2) != 0
        f.fma = bits & UInt32(GB_CPU_FMA) != 0
        f.avx512 = bits & UInt32(GB_CPU_AVX512) != 0
        f.avx512bf16 = bits & UInt32(GB_CPU_AVX512_BF16) != 0
        f.amx = bits & UInt32(GB_CPU_AMX) != 0
        f.vendor = Self.cString(capacity: 13, gb_cpu_vendor)
        f.brand = Self.cString(capacity: 49, gb_cpu_brand).trimmingSpaces
        return f
    }()

    /// The features present, by their usual names (`avx2`, `fma`, …).
    public var names: [String] {
        [("sse4.2", sse42), ("avx", avx), ("avx2", avx2), ("fma", fma), ("avx512", avx512),
         ("avx512_bf16", avx512bf16), ("amx", amx)].filter(\.1).map(\.0)
    }

    private static func cString(capacity: Int, _ fill: (UnsafeMutablePointer<CChar>) -> Void) -> String {
        var buffer = [CChar](repeating: 0, count: capacity)
        buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private extension String {
    /// The string without leading and trailing spaces (brand strings are padded).
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
