import Foundation
import KGCore
import KGOntology

/// Collects rejected rows: with a rejects file the import goes on, without one the first
/// error ends it (and the transaction is rolled back).
final class RejectSink {
    private let handle: FileHandle?
    private(set) var count = 0

    init(path: String?) throws {
        guard let path else { handle = nil; return }
        // Opened in place: `--skip-bad /dev/null` discards the rejects and leaves the device alone.
        guard let h = AtomicFile.openForWriting(path) else {
            throw ImportError(code: .fileNotFound, message: "cannot create the rejects file \(path); check the folder exists and is writable")
        }
        handle = h
    }

    deinit { try? handle?.close() }

    /// Records a rejection or rethrows it (with the location filled in).
    func reject(_ error: Error, location: SourceLocation, row: String?) throws {
        let located: Error
        let text: String
        switch error {
        case var e as ImportError:
            if e.location == nil { e.location = location }
            located = e; text = e.description
        case var e as OntologyError:
            if e.location == nil { e.location = location }
            located = e; text = "\(location): \(e.code.rawValue): \(e.message)"
        default:
            throw error
        }
        guard let handle else { throw located }
        count += 1
        var line = text.replacingOccurrences(of: "\n", with: " ")
        if let row { line += "\t" + row.replacingOccurrences(of: "\n", with: "\\n") }
        handle.write(Data((line + "\n").utf8))
    }
}
