import Foundation
import Testing
import KGCore
import KGEngine
import GovDemo
import GovHotline
import GovPolicy
import GovSupervision
import KGAccess
@testable import KGServer

/// Masking rules, free-text redaction, the configuration layers and the concurrency gate.
@Suite struct PrivacyAndConfigurationTests {
    @Test func masksEachKindOfPersonalData() {
        #expect(SensitiveMask.mask("450103199001011234", key: "idNumber") == "450103********1234")
        #expect(SensitiveMask.mask("13812345678", key: "phone") == "138****5678")
        #expect(SensitiveMask.mask("13812345678", key: "callerPhone") == "138****5678")
        #expect(SensitiveMask.mask("张三丰", key: "name") == "张**")
        #expect(SensitiveMask.mask("南宁市青秀区民族大道100号", key: "homeAddress") == "南宁市青秀区****")
        #expect(SensitiveMask.mask(.list([.string("13812345678")]), key: "phone") == .list([.string("138****5678")]))
        #expect(SensitiveMask.mask(.int(42), key: "idNumber") == .string("****"))
    }

    @Test func redactsPersonalNumbersInFreeTextOnly() {
        let id = "450103199001011238"
        #expect(TextRedactor.redact("我的电话13812345678，身份证\(id)") == "我的电话138****5678，身份证450103********1238")
        #expect(TextRedactor.redact("座机0771-5551234请回电") == "座机0771-*****34请回电")
        // Credit codes, amounts, dates and long order numbers stay as they are.
        for text in ["统一社会信用代码91450100MA5KXXXX1X", "欠薪28000元", "2024年3月5日", "工单号202403051234567", "编号X13812345678"] {
            #expect(TextRedactor.redact(text) == text, "\(text)")
        }
        #expect(JSONResponse.redacted(.object([("text", .string("打13812345678")), ("n", .int(13812345678))]))
                == .object([("text", .string("打138****5678")), ("n", .int(13812345678))]))
    }

    @Test func configurationLayersFileEnvironmentAndFlags() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"port": 9000, "maxRows": 500, "logLevel": "warning"}"#.utf8).write(to: file)
        let (c, sources) = try ServerConfigurationLoader.load(file: file.path, environment: ["GOVBRAIN_PORT": "9100", "GOVBRAIN_RATE_LIMIT_PER_SECOND": "5"],
                                                             flags: ["port": "9200"])
        #expect(c.port == 9200 && sources["port"] == "flag")
        #expect(c.maxRows == 500 && sources["maxRows"]?.hasPrefix("file") == true)
        #expect(c.rateLimitPerSecond == 5 && sources["rateLimitPerSecond"] == "environment GOVBRAIN_RATE_LIMIT_PER_SECOND")
        #expect(c.host == "127.0.0.1" && sources["host"] == "default")
        #expect(c.rowCap(for: .supervisor) == 500 && c.rowCap(for: .hotline) == 500)
        let described = ServerConfigurationLoader.describe(c, sources: sources)
        #expect(described["port"]?["value"] == .int(9200))
        try Data(#"{"prot": 1}"#.utf8).write(to: file)
        #expect { try ServerConfigurationLoader.load(file: file.path, environment: [:], flags: [:]) } throws: { "\($0)".contains("unknown setting \"prot\"") }
        #expect(throws: EngineError.self) { try ServerConfigurationLoader.load(file: nil, environment: ["GOVBRAIN_PORT": "eighty"], flags: [:]) }
        #expect(throws: EngineError.self) { try ServerConfigurationLoader.load(file: nil, environment: [:], flags: ["logLevel": "loud"]) }
    }

    @Test func concurrencyGateQueuesThenRefuses() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 1)
        let (started, release) = AsyncStream.makeStream(of: Void.self)
        let (hold, letGo) = AsyncStream.makeStream(of: Void.self)
        let first = Task {
            try await gate.run {
                release.yield()
                for await _ in hold { break }
                return 1
            }
        }
        for await _ in started { break }
        let second = Task { try await gate.run { 2 } }
        while await gate.load.waiting == 0 { await Task.yield() }
        await #expect { try await gate.run { 3 } } throws: { ($0 as? RequestRefusal)?.code == .overloaded }
        letGo.yield()
        #expect(try await first.value == 1)
        #expect(try await second.value == 2)
        #expect(await gate.load.running == 0)
    }
}
