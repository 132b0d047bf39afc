import Foundation
import KGCore

extension HNSWIndex {
    static let magic: [UInt8] = Array("GBHNSW02".utf8)

    /// Writes the index to `path` (through a temporary file and a rename, so a crash never
    /// leaves a half-written index behind).
    public func write(to path: String) throws {
        try rw.read {
            var out = Data()
            out.append(contentsOf: Self.magic)
            func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out.append(contentsOf: $0) } }
            func raw<T>(_ p: UnsafePointer<T>, _ n: Int) { out.append(UnsafeBufferPointer(start: p, count: n)) }
            let metricCode = [VectorMetric.ip, .cosine, .l2].firstIndex(of: configuration.metric)!
            for v in [dimension, metricCode, configuration.m, configuration.efConstruction, configuration.ef,
                      Int(bitPattern: UInt(configuration.seed)), count, Int(entryPoint), maxLevel, deletedCount] { int(v) }
            raw(ids, count); raw(levels, count); raw(deleted, count)
            // Vectors start on a 64-byte boundary, so a reader can map them in place.
            out.append(contentsOf: [UInt8](repeating: 0, count: (64 - out.count % 64) % 64))
            raw(vectors, count * dimension)
            raw(links0, count * (maxM0 + 1))
            for i in 0..<count where levels[i] > 0 { raw(upper[i]!, Int(levels[i]) * (maxM + 1)) }
            do { try AtomicFile.write(out, to: path) } catch {
                throw EmbeddingError(code: .pathNotWritable, message: "cannot write the vector index \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Reads an index written by `write(to:)`; `threads` overrides the stored thread count. The
    /// vectors (most of the file) are memory-mapped, not copied: pages are read on first use and
    /// shared with the page cache; the graph links are copied.
    public static func read(from path: String, threads: Int? = nil) throws -> HNSWIndex {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EmbeddingError(code: .fileNotFound, message: "cannot read the vector index \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { throw EmbeddingError(code: .invalidArtifact, message: "\(path) is empty; rebuild the index") }
        let size = Int(st.st_size)
        guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw EmbeddingError(code: .ioFailure, message: "cannot map the vector index \(path): \(String(cString: strerror(errno)))")
        }
        var keepMapping = false
        defer { if !keepMapping { munmap(base, size) } }
        let buf = UnsafeRawBufferPointer(start: base, count: size)
        return try {
            var offset = 0
            func fail(_ what: String) -> EmbeddingError {
                EmbeddingError(code: .invalidArtifact, message: "\(path) is not a GovBrain HNSW index (\(what)); rebuild it")
            }
            func need(_ n: Int) throws { if offset + n > buf.count { throw fail("truncated at byte \(offset)") } }
            try need(8)
            guard Array(buf[0..<8]) == magic else { throw fail("bad magic") }
            offset = 8
            func int() throws -> Int {
                try need(8)
                let v = buf.loadUnaligned(fromByteOffset: offset, as: Int64.self)
                offset += 8
                return Int(Int64(littleEndian: v))
            }
            func copy<T>(into p: UnsafeMutablePointer<T>, _ n: Int) throws {
                let bytes = n * MemoryLayout<T>.stride
                try need(bytes)
                UnsafeMutableRawPointer(p).copyMemory(from: buf.baseAddress! + offset, byteCount: bytes)
                offset += bytes
            }
            let dimension = try int(), metricCode = try int(), m = try int(), efC = try int(), ef = try int()
            let seed = UInt64(bitPattern: Int64(try int())), count = try int(), entry = try int(), maxLevel = try int()
            let deletedCount = try int()
            guard (0..<3).contains(metricCode), dimension > 0, count >= 0 else { throw fail("bad header") }
            var config = Configuration(metric: [VectorMetric.ip, .cosine, .l2][metricCode], m: m, efConstruction: efC, ef: ef, seed: seed)
            if let threads { config.threads = threads }
            let index = try HNSWIndex(dimension: dimension, configuration: config)
            index.reserve(count)
            try copy(into: index.ids, count)
            try copy(into: index.levels, count)
            try copy(into: index.deleted, count)
            offset += (64 - offset % 64) % 64
            let vectorBytes = count * dimension * MemoryLayout<Float>.stride
            try need(vectorBytes)
            if count > 0 {
                index.adoptMappedVectors((base + offset).assumingMemoryBound(to: Float.self), rows: count, mapping: (base, size))
                keepMapping = true
            }
            offset += vectorBytes
            try copy(into: index.links0, count * (index.maxM0 + 1))
            for i in 0..<count where index.levels[i] > 0 {
                let n = Int(index.levels[i]) * (index.maxM + 1)
                let p = UnsafeMutablePointer<Int32>.allocate(capacity: n)
                index.upper[i] = p
                index.count = i + 1
                try copy(into: p, n)
            }
            index.count = count
            index.entryPoint = Int32(entry)
            index.maxLevel = maxLevel
            index.deletedCount = deletedCount
            for i in 0..<count where index.deleted[i] == 0 { index.positions[index.ids[i]] = Int32(i) }
            return index
        }()
    }
}
