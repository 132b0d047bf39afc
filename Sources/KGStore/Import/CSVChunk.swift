import Foundation

/// A stretch of whole records of a CSV file, read on its own thread.
struct CSVChunk: Sendable {
    let path: String
    let offset: Int
    let length: Int
    /// The line the stretch starts on.
    let firstLine: Int

    /// Cuts the records of `path` from `offset` (on line `firstLine`) into stretches of about
    /// `target` bytes, each starting at the beginning of a line. A file with a quote or a lone
    /// carriage return, where a record may span lines or line numbers count differently, stays
    /// one stretch.
    static func plan(path: String, from offset: Int, firstLine: Int, target: Int) -> [CSVChunk] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let whole = [CSVChunk(path: path, offset: offset, length: max(0, size - offset), firstLine: firstLine)]
        guard size - offset > target, let file = fopen(path, "rb") else { return whole }
        defer { fclose(file) }
        fseeko(file, off_t(offset), SEEK_SET)
        let capacity = 1 << 20
        let block = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { block.deallocate() }
        var chunks: [CSVChunk] = []
        var chunkStart = offset, chunkLine = firstLine
        var position = offset, line = firstLine
        var previous: UInt8 = 0
        while true {
            let read = fread(block, 1, capacity, file)
            if read == 0 { break }
            for i in 0..<read {
                let b = block[i]
                if b == 34 || (previous == 13 && b != 10) { return whole }
                previous = b
                guard b == 10 else { continue }
                line += 1
                let next = position + i + 1
                if next - chunkStart >= target && next < size {
                    chunks.append(CSVChunk(path: path, offset: chunkStart, length: next - chunkStart, firstLine: chunkLine))
                    chunkStart = next; chunkLine = line
                }
            }
            position += read
        }
        if previous == 13 { return whole }
        chunks.append(CSVChunk(path: path, offset: chunkStart, length: size - chunkStart, firstLine: chunkLine))
        return chunks
    }
}
