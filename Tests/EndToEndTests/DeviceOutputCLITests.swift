import Foundation
import Testing

/// `--out /dev/null` and `--skip-bad /dev/null` discard the output and leave the device alone.
/// Writing through a temporary file renamed over the path (the atomic write every other output
/// gets) would, for root, replace `/dev/null` with a regular file for the whole machine: it
/// happened on this project's CI machine.
@Suite struct DeviceOutputCLITests {
    private func nullIsADevice() -> Bool {
        var info = stat()
        return stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    @Test func outputsToDevNullLeaveTheDevice() throws {
        try #require(nullIsADevice(), "/dev/null must be a character device before the test")
        let dir = try GovBrainBinary.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id:ID(P),name,:LABEL\np1,a,P\np2,b,P\n".write(to: dir.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
        try "id:ID(P),name,:LABEL\np1,dup,P\np3,c,P\n".write(to: dir.appendingPathComponent("more.csv"), atomically: true, encoding: .utf8)
        let load = try GovBrainBinary.run(["import", "--db", "g.sqlite", "--schema", "off", "n.csv"], in: dir)
        #expect(load.status == 0, "\(load.stderr)")
        let more = try GovBrainBinary.run(["import", "--db", "g.sqlite", "--skip-bad", "/dev/null", "more.csv"], in: dir)
        #expect(more.status == 0 && more.stdout.contains("rejected 1 row(s)"), "\(more.stdout) \(more.stderr)")
        #expect(nullIsADevice(), "import --skip-bad /dev/null replaced the device")
        for format in ["jsonl", "graphml"] {
            let export = try GovBrainBinary.run(["export", "--db", "g.sqlite", "--format", format, "--out", "/dev/null"], in: dir)
            #expect(export.status == 0 && export.stdout.hasPrefix("exported 3 nodes"), "\(format): \(export.stdout) \(export.stderr)")
            #expect(nullIsADevice(), "export --format \(format) --out /dev/null replaced the device")
        }
    }
}
