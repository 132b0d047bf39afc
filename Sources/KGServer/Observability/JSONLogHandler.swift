import Foundation
import KGCore
import KGAccess
import Logging

/// A swift-log handler that writes one JSON object per line to standard error: time, level,
/// label, message and the metadata as fields (what log shippers read without parsing rules).
/// GovBrain never puts request bodies, query text or personal data into log metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    private static let lock = NSLock()

    public init(label: String, level: Logger.Level = .info) { self.label = label; self.logLevel = level }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members: [(String, JSON)] = [("time", .string(AccessStore.timestamp(Date()))), ("level", .string(event.level.rawValue)),
                                         ("label", .string(label)), ("message", .string("\(event.message)"))]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { members.append((key, Self.json(merged[key]!))) }
        let line = JSONWriter.string(.object(members)) + "\n"
        Self.lock.lock(); defer { Self.lock.unlock() }
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let s): return Int64(s).map(JSON.int) ?? .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let d): return .object(d.keys.sorted().map { ($0, json(d[$0]!)) })
        }
    }
}
