import Foundation
import KGCore
import Testing

/// `govbrain doctor` and the start-up correction of OpenBLAS's kernel choice, through the binary.
@Suite struct DoctorCLITests {
    private func doctor(_ environment: [String: String]) throws -> (status: Int32, blas: [String: JSON], cpu: [String: JSON]) {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try GovBrainBinary.run(["doctor", "--format", "json", "--no-measure"], in: dir, environment: environment)
        let doc = try JSONParser.parse(r.stdout)
        guard case .object(let top) = doc, case .object(let blas)? = top.first(where: { $0.0 == "blas" })?.1,
              case .object(let cpu)? = top.first(where: { $0.0 == "cpu" })?.1 else {
            Issue.record("not a doctor document: \(r.stdout) \(r.stderr)")
            return (r.status, [:], [:])
        }
        return (r.status, Dictionary(blas, uniquingKeysWith: { a, _ in a }), Dictionary(cpu, uniquingKeysWith: { a, _ in a }))
    }

    private var hasAVX2: Bool {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return info.contains(" avx2") && info.contains(" fma")
    }

    @Test func onAnAVX2MachineTheKernelsAreNotTheGenericFallback() throws {
        let r = try doctor(["GOVBRAIN_BLAS_CORE": "", "OPENBLAS_CORETYPE": ""])
        guard hasAVX2 else { return }
        #expect(r.status == 0)
        #expect(r.blas["belowCPU"] == .bool(false))
        let tier = r.blas["coreTier"]
        #expect(tier == .string("avx2") || tier == .string("avx512") || tier == .string("avx512bf16"), "core tier \(String(describing: tier))")
    }

    @Test func aForcedFallbackIsReplacedAtStart() throws {
        guard hasAVX2 else { return }
        // OPENBLAS_CORETYPE=Prescott makes OpenBLAS load its generic kernels, as on a CPU it does
        // not know; GOVBRAIN_BLAS_CORE=auto tells govbrain to correct even a core set by hand.
        let r = try doctor(["OPENBLAS_CORETYPE": "Prescott", "GOVBRAIN_BLAS_CORE": "auto"])
        #expect(r.status == 0)
        #expect(r.blas["chosenBy"] == .string("govbrain"))
        #expect(r.blas["replaced"] == .string("Prescott"))
        #expect(r.blas["core"] == r.blas["recommendedCore"])
        #expect(r.blas["belowCPU"] == .bool(false))
    }

    @Test func aUsersOwnCoreIsKeptAndReportedAsSlow() throws {
        guard hasAVX2 else { return }
        let r = try doctor(["OPENBLAS_CORETYPE": "Prescott", "GOVBRAIN_BLAS_CORE": ""])
        #expect(r.status == 1)
        #expect(r.blas["core"] == .string("Prescott"))
        #expect(r.blas["chosenBy"] == .string("OPENBLAS_CORETYPE"))
        #expect(r.blas["belowCPU"] == .bool(true))
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try GovBrainBinary.run(["doctor", "--no-measure"], in: dir, environment: ["OPENBLAS_CORETYPE": "Prescott", "GOVBRAIN_BLAS_CORE": ""])
        #expect(text.stdout.contains("GOVBRAIN_BLAS_CORE=auto"))
    }

    @Test func theMeasurementReportsGFLOPS() throws {
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try GovBrainBinary.run(["doctor", "--size", "256"], in: dir)
        #expect(r.stdout.contains("GFLOP/s on 1 thread"), "\(r.stdout) \(r.stderr)")
        let bad = try GovBrainBinary.run(["doctor", "--size", "5"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("--size"))
    }
}
