import Foundation

/// Reads a file line by line in 1 MiB chunks (JSON Lines), yielding raw bytes per line.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var count = 0, pos = 0
    private var eof = false
    private(set) var lineNumber = 0

    init?(path: String) {
        guard let f = fopen(path, "rb") else { return nil }
        file = f
    }

    deinit { fclose(file) }

    /// The next line without its terminator, or nil at the end.
    func next() -> [UInt8]? {
        var line: [UInt8] = []
        var any = false
        while true {
            if pos >= count {
                guard !eof else { break }
                count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 20, file) }
                pos = 0
                if count == 0 { eof = true; break }
            }
            any = true
            if let nl = buffer[pos..<count].firstIndex(of: 10) {
                line.append(contentsOf: buffer[pos..<nl])
                pos = nl + 1
                lineNumber += 1
                if line.last == 13 { line.removeLast() }
                return line
            }
            line.append(contentsOf: buffer[pos..<count])
            pos = count
        }
        guard any, !line.isEmpty else { return nil }
        lineNumber += 1
        if line.last == 13 { line.removeLast() }
        return line
    }
}
