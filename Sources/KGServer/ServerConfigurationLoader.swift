import Foundation
import KGCore
import KGEngine

/// Builds a `ServerConfiguration` from defaults, a JSON file, `GOVBRAIN_*` environment variables
/// and flags (in that order of precedence, lowest first), remembering where each value came from.
public enum ServerConfigurationLoader {
    /// One setting: its key (as in the file), and how to read and write it.
    struct Setting {
        let key: String
        let get: (ServerConfiguration) -> JSON
        let set: (inout ServerConfiguration, JSON) -> Bool

        /// `queryTimeoutSeconds` → `GOVBRAIN_QUERY_TIMEOUT_SECONDS`.
        var environmentName: String {
            var out = "GOVBRAIN_"
            for c in key { if c.isUppercase { out += "_" }; out += c.uppercased() }
            return out
        }

        static func int(_ key: String, _ path: WritableKeyPath<ServerConfiguration, Int>) -> Setting {
            Setting(key: key, get: { .int(Int64($0[keyPath: path])) }, set: { c, v in
                guard case .int(let i) = v, let n = Int(exactly: i) else { return false }
                c[keyPath: path] = n; return true
            })
        }
        static func double(_ key: String, _ path: WritableKeyPath<ServerConfiguration, Double>) -> Setting {
            Setting(key: key, get: { .double($0[keyPath: path]) }, set: { c, v in
                guard let d = v.doubleValue, d.isFinite else { return false }
                c[keyPath: path] = d; return true
            })
        }
        static func string(_ key: String, _ path: WritableKeyPath<ServerConfiguration, String>) -> Setting {
            Setting(key: key, get: { .string($0[keyPath: path]) }, set: { c, v in
                guard case .string(let s) = v else { return false }
                c[keyPath: path] = s; return true
            })
        }
        static func bool(_ key: String, _ path: WritableKeyPath<ServerConfiguration, Bool>) -> Setting {
            Setting(key: key, get: { .bool($0[keyPath: path]) }, set: { c, v in
                guard case .bool(let b) = v else { return false }
                c[keyPath: path] = b; return true
            })
        }
        static func optionalInt(_ key: String, _ path: WritableKeyPath<ServerConfiguration, Int?>) -> Setting {
            Setting(key: key, get: { $0[keyPath: path].map { JSON.int(Int64($0)) } ?? .null }, set: { c, v in
                switch v {
                case .int(let i): guard let n = Int(exactly: i) else { return false }; c[keyPath: path] = n; return true
                // Text from a flag or the environment (the current value, null, gives no type to parse by).
                case .string(let s): guard let n = Int(s) else { return false }; c[keyPath: path] = n; return true
                case .null: c[keyPath: path] = nil; return true
                default: return false
                }
            })
        }
        static func optionalString(_ key: String, _ path: WritableKeyPath<ServerConfiguration, String?>) -> Setting {
            Setting(key: key, get: { $0[keyPath: path].map(JSON.string) ?? .null }, set: { c, v in
                switch v {
                case .string(let s): c[keyPath: path] = s; return true
                case .null: c[keyPath: path] = nil; return true
                default: return false
                }
            })
        }
    }

    static var settings: [Setting] { [
        .string("host", \.host), .int("port", \.port), .string("db", \.db), .optionalString("models", \.models),
        .optionalString("auditSecretFile", \.auditSecretFile),
        .double("queryTimeoutSeconds", \.queryTimeoutSeconds), .int("queryMemoryBudgetBytes", \.queryMemoryBudgetBytes),
        .int("maxRows", \.maxRows),
        .int("supervisorMaxRows", \.supervisorMaxRows), .int("otherMaxRows", \.otherMaxRows),
        .int("maxRequestBytes", \.maxRequestBytes), .int("maxConcurrentBodyBytes", \.maxConcurrentBodyBytes),
        .int("maxConcurrentBodyBytesPerKey", \.maxConcurrentBodyBytesPerKey), .double("bodyTimeoutSeconds", \.bodyTimeoutSeconds),
        .double("authFailuresPerSecond", \.authFailuresPerSecond), .double("authFailureBurst", \.authFailureBurst),
        .double("rateLimitPerSecond", \.rateLimitPerSecond),
        .double("rateLimitBurst", \.rateLimitBurst), .int("maxConcurrentExpensive", \.maxConcurrentExpensive),
        .int("maxQueuedExpensive", \.maxQueuedExpensive), .int("idleTimeoutSeconds", \.idleTimeoutSeconds),
        .int("auditFlushMilliseconds", \.auditFlushMilliseconds), .string("logLevel", \.logLevel),
        .int("webhookMaxAttempts", \.webhookMaxAttempts), .double("webhookTimeoutSeconds", \.webhookTimeoutSeconds),
        .double("webhookRetryBaseSeconds", \.webhookRetryBaseSeconds), .bool("webhookAllowLoopback", \.webhookAllowLoopback),
        .optionalInt("boltPort", \.boltPort), .optionalString("boltHost", \.boltHost),
        .double("boltTransactionTimeoutSeconds", \.boltTransactionTimeoutSeconds), .int("boltMaxMessageBytes", \.boltMaxMessageBytes),
        .int("boltMaxConnections", \.boltMaxConnections), .int("boltMaxHandshakingPerAddress", \.boltMaxHandshakingPerAddress), .double("boltIdleTimeoutSeconds", \.boltIdleTimeoutSeconds),
        .optionalString("boltDatabases", \.boltDatabases), .bool("boltCreateDatabases", \.boltCreateDatabases),
        .int("boltMaxOpenDatabases", \.boltMaxOpenDatabases),
        .optionalString("boltTlsCert", \.boltTlsCert), .optionalString("boltTlsKey", \.boltTlsKey),
    ] }

    /// The setting keys, for help texts.
    public static var keys: [String] { settings.map(\.key) }

    /// Loads the configuration. `flags` maps setting keys to the text given on the command line.
    public static func load(file: String?, environment: [String: String], flags: [String: String])
        throws -> (configuration: ServerConfiguration, sources: [String: String]) {
        var configuration = ServerConfiguration()
        var sources = Dictionary(uniqueKeysWithValues: settings.map { ($0.key, "default") })
        func fail(_ message: String) -> EngineError { EngineError(code: ErrorCode("InvalidConfiguration"), message: message) }
        if let path = file ?? environment["GOVBRAIN_CONFIG"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fail("cannot read the configuration file \(path); check the path (--config or GOVBRAIN_CONFIG)")
            }
            let json: JSON
            do { json = try JSONParser.parse(bytes: Array(data)) } catch {
                throw fail("the configuration file \(path) is not JSON: \(error)")
            }
            guard case .object(let members) = json else { throw fail("the configuration file \(path) must hold one JSON object of settings") }
            for (key, value) in members {
                guard let setting = settings.first(where: { $0.key == key }) else {
                    throw fail("unknown setting \"\(key)\" in \(path); the settings are \(keys.joined(separator: ", "))")
                }
                guard setting.set(&configuration, value) else { throw fail("setting \"\(key)\" in \(path) has the wrong type (default: \(JSONWriter.string(setting.get(ServerConfiguration()))))") }
                sources[key] = "file \(path)"
            }
        }
        for setting in settings {
            if let text = environment[setting.environmentName] {
                guard setting.set(&configuration, parse(text, like: setting.get(configuration))) else {
                    throw fail("\(setting.environmentName)=\(text) is not a valid \(setting.key)")
                }
                sources[setting.key] = "environment \(setting.environmentName)"
            }
            if let text = flags[setting.key] {
                guard setting.set(&configuration, parse(text, like: setting.get(configuration))) else {
                    throw fail("the flag for \(setting.key) has a bad value: \(text)")
                }
                sources[setting.key] = "flag"
            }
        }
        try configuration.validate()
        return (configuration, sources)
    }

    /// The configuration as a JSON document: each setting's value and source.
    public static func describe(_ configuration: ServerConfiguration, sources: [String: String]) -> JSON {
        .object(settings.map { s in (s.key, .object([("value", s.get(configuration)), ("source", .string(sources[s.key] ?? "default"))])) })
    }

    /// Text from the environment or a flag, typed like the current value.
    private static func parse(_ text: String, like current: JSON) -> JSON {
        switch current {
        case .int: return Int64(text).map(JSON.int) ?? .string(text)
        case .double: return Double(text).map(JSON.double) ?? .string(text)
        case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        default: return .string(text)
        }
    }
}
