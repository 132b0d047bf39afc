import Foundation

/// The layout of GovBrain's model files: 8 magic bytes, a little-endian UInt64 header length,
/// a JSON header, then raw little-endian arrays in an order the format defines. Written through
/// `AtomicFile`, read memory-mapped with bounds checks on every array.
public enum BinaryArchive {
    /// Builds one archive in memory.
    public struct Writer {
        public private(set) var data: Data

        public init(magic: String, header: Data) {
            precondition(magic.utf8.count == 8, "magic must be 8 bytes")
            data = Data(magic.utf8)
            withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(header)
        }

        public mutating func append<T>(_ array: [T]) { array.withUnsafeBufferPointer { data.append($0) } }
    }

    /// Reads one archive; every failure is `invalid`.
    public struct Reader {
        public let data: Data
        public let header: Data
        private var offset: Int
        private let invalid: any Error

        /// - Parameter invalid: the error thrown when the file is not such an archive or is truncated.
        public init(path: String, magic: String, invalid: any Error) throws {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { throw invalid }
            guard data.count >= 16, Array(data.prefix(8)) == Array(magic.utf8) else { throw invalid }
            let length = Int(data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) })
            guard length > 0, length <= data.count - 16 else { throw invalid }
            self.data = data
            header = data.subdata(in: 16..<(16 + length))
            offset = 16 + length
            self.invalid = invalid
        }

        /// The next `count` values of type `T` (a trivial type: integers, floats).
        public mutating func take<T: BitwiseCopyable>(_ count: Int, _: T.Type) throws -> [T] {
            let bytes = count * MemoryLayout<T>.stride
            guard count >= 0, offset + bytes <= data.count else { throw invalid }
            let start = offset
            let out = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                data.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + bytes)]))
                }
                initialized = count
            }
            offset += bytes
            return out
        }

        /// Throws unless every byte was read.
        public func finish() throws { guard offset == data.count else { throw invalid } }
    }
}
