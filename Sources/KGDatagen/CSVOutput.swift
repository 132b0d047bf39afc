import Crypto
import Foundation
import KGCore

/// A buffered CSV file in the import convention, hashed (SHA-256) and counted as it is written.
final class CSVOutput {
    let name: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private(set) var rows = 0

    init(directory: String, name: String, header: [String]) throws {
        self.name = name
        let path = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw DatagenError(code: .pathNotWritable, message: "cannot write \(path); check that the output folder is writable")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
        write(header)
        rows = 0
    }

    /// Appends one record, quoting fields that need it.
    func write(_ fields: [String]) {
        CSVWriter.append(fields, to: &buffer)
        rows += 1
        if buffer.count > 1 << 20 { flush() }
    }

    private func flush() {
        buffer.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Finishes the file; returns its SHA-256.
    func close() throws -> String {
        flush()
        try handle.close()
        return hasher.finalize().hexEncoded
    }
}
