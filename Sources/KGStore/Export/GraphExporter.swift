import Foundation
import KGCore

/// Output formats of `govbrain export`.
public enum ExportFormat: String, Sendable, CaseIterable { case csv, graphml, jsonl }

/// Writes a store as CSV (a folder of neo4j-admin files), GraphML or JSON Lines, streaming.
///
/// Every node is written with an id that re-import resolves: its external id in its id space,
/// or, for a node created without one, its stable id in the space `_gb`. Files are written to a
/// temporary name and renamed, so a failed export leaves no half file.
public enum GraphExporter {
    /// What an export wrote.
    public struct Report: Sendable { public var nodes = 0; public var relationships = 0; public var files: [String] = [] }

    /// Exports `store` to `out` (a folder for CSV, a file otherwise).
    /// - Throws: `StoreError` / `ImportError.fileNotFound` when the output cannot be written.
    public static func run(store: GraphStore, format: ExportFormat, out: String) throws -> Report {
        switch format {
        case .jsonl: return try JSONLExporter.write(store: store, to: out)
        case .graphml: return try GraphMLExporter.write(store: store, to: out)
        case .csv: return try CSVExporter.write(store: store, to: out)
        }
    }

    /// The id a node is exported with.
    static func exportID(_ node: StoredNode) -> ExternalID {
        node.externalID ?? ExternalID(space: "_gb", id: String(node.id))
    }

    /// Maps stable node ids to export ids, reading only ids (not properties).
    static func exportIDs(_ store: GraphStore) throws -> [Int64: ExternalID] {
        try store.withLock { try scanExportIDs(try store.db.prepare("SELECT id, ext_space, ext_id FROM nodes", streaming: true)) }
    }

    /// The loop of `exportIDs`, generic over the backend's statement.
    private static func scanExportIDs<S: StoreStatement>(_ s: S) throws -> [Int64: ExternalID] {
        var out: [Int64: ExternalID] = [:]
        while try s.step() {
            out[s.int(0)] = s.isNull(2) ? ExternalID(space: "_gb", id: String(s.int(0))) : ExternalID(space: s.text(1), id: s.text(2))
        }
        return out
    }

    /// Opens `path.tmp` for writing; the caller renames it into place.
    /// A device or FIFO (`/dev/null`, `/dev/stdout`) is written into directly (`tmp` is then
    /// `path`): renaming over it would replace the device.
    static func openOutput(_ path: String) throws -> (FileHandle, String) {
        if AtomicFile.isSpecialFile(path) {
            guard let h = FileHandle(forWritingAtPath: path) else {
                throw ImportError(code: .fileNotFound, message: "cannot write \(path); check that it is writable")
            }
            return (h, path)
        }
        let tmp = path + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
            throw ImportError(code: .fileNotFound, message: "cannot write \(path); check that the folder exists and is writable")
        }
        return (h, tmp)
    }

    static func finish(_ handle: FileHandle, tmp: String, path: String) throws {
        try handle.close()
        guard tmp != path else { return }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: tmp, toPath: path)
    }
}

/// Buffers text and flushes it to a file in large writes.
struct BufferedOutput {
    let handle: FileHandle
    var buffer = ""
    init(_ handle: FileHandle) { self.handle = handle; buffer.reserveCapacity(1 << 20) }
    mutating func write(_ s: String) {
        buffer += s
        if buffer.utf8.count >= 1 << 20 { flush() }
    }
    mutating func flush() {
        handle.write(Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }
}
