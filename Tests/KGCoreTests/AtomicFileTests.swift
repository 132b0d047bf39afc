import Foundation
import Synchronization
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

    /// A FIFO (like a device: `/dev/null`, `/dev/stdout`) is written into, never replaced by a
    /// regular file renamed over it; `openForWriting` empties a regular file in place.
    @Test func specialFilesAreWrittenIntoNotReplaced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(AtomicFile.isSpecialFile(fifo) && !AtomicFile.isSpecialFile(folder.path))
        let received = Mutex<Data>(Data())
        let reader = Thread {
            guard let h = FileHandle(forReadingAtPath: fifo) else { return }
            let data = h.readDataToEndOfFile()
            received.withLock { $0 = data }
        }
        reader.start()
        try AtomicFile.write(Data("through the pipe\n".utf8), to: fifo)
        let deadline = Date().addingTimeInterval(5)
        while received.withLock({ $0.isEmpty }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(String(decoding: received.withLock { $0 }, as: UTF8.self) == "through the pipe\n")
        #expect(AtomicFile.isSpecialFile(fifo), "the FIFO is still a FIFO")

        let file = folder.appendingPathComponent("rejects.txt").path
        try Data("old contents, longer\n".utf8).write(to: URL(fileURLWithPath: file))
        let handle = try #require(AtomicFile.openForWriting(file))
        try handle.write(contentsOf: Data("new\n".utf8))
        try handle.close()
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "new\n")
    }
}
