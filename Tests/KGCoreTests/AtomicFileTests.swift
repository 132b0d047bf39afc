import Foundation
import Testing
import KGCore

/// `AtomicFile.write` replaces a file whole and refuses a folder (which it once removed).
@Suite struct AtomicFileTests {
    @Test func writesFilesAndNeverReplacesAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = folder.appendingPathComponent("sub/keep.txt")
        try Data("keep".utf8).write(to: kept)
        let file = folder.appendingPathComponent("out.jsonl").path
        try AtomicFile.write(Data("one\n".utf8), to: file)
        try AtomicFile.write(Data("two\n".utf8), to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "two\n")
        #expect(throws: AtomicFile.FolderInTheWay.self) { try AtomicFile.write(Data("x".utf8), to: folder.path) }
        #expect(throws: AtomicFile.FolderInTheWay.self) { try AtomicFile.write(Data("x".utf8), to: folder.appendingPathComponent("sub").path) }
        #expect(try String(contentsOf: kept, encoding: .utf8) == "keep", "the folder and its files are untouched")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
