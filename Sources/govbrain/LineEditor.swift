import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads lines for the interactive shell. On a terminal it uses the BSD editline library
/// (libedit, loaded at run time, so building needs no headers) for cursor keys and history
/// recall; without it, or when input is piped, it reads plain lines.
final class LineEditor {
    private typealias ReadlineFn = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias AddHistoryFn = @convention(c) (UnsafePointer<CChar>?) -> Int32

    private var readlineFn: ReadlineFn?
    private var addHistoryFn: AddHistoryFn?
    let interactive: Bool
    private(set) var history: [String] = []
    private let historyPath: String?

    init(historyPath: String?) {
        self.historyPath = historyPath
        interactive = isatty(STDIN_FILENO) == 1
        if interactive {
            for name in ["libedit.so.2", "libedit.so"] {
                if let handle = dlopen(name, RTLD_NOW) {
                    if let r = dlsym(handle, "readline"), let a = dlsym(handle, "add_history") {
                        readlineFn = unsafeBitCast(r, to: ReadlineFn.self)
                        addHistoryFn = unsafeBitCast(a, to: AddHistoryFn.self)
                    }
                    break
                }
            }
        }
        if let historyPath, let text = try? String(contentsOfFile: historyPath, encoding: .utf8) {
            for line in text.split(separator: "\n").suffix(1000) { remember(String(line), save: false) }
        }
    }

    /// Whether cursor keys and history recall work (editline found).
    var editing: Bool { readlineFn != nil }

    /// The next line, or nil at end of input.
    func readLine(prompt: String) -> String? {
        if let readlineFn {
            guard let p = prompt.withCString({ readlineFn($0) }) else { return nil }
            defer { free(p) }
            return String(cString: p)
        }
        if interactive { FileHandle.standardOutput.write(Data(prompt.utf8)) }
        return Swift.readLine(strippingNewline: true)
    }

    /// Adds an entry (a whole statement) to the history and the history file.
    func remember(_ entry: String, save: Bool = true) {
        let flat = entry.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        guard !flat.isEmpty, history.last != flat else { return }
        history.append(flat)
        _ = flat.withCString { addHistoryFn?($0) }
        if save, let historyPath, let h = FileHandle(forWritingAtPath: historyPath) ?? createHistory(historyPath) {
            h.seekToEndOfFile()
            h.write(Data((flat + "\n").utf8))
            try? h.close()
        }
    }

    private func createHistory(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        return FileHandle(forWritingAtPath: path)
    }
}
