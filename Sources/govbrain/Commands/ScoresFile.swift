import Foundation
import KGCore
import KGML

/// The output of `govbrain model predict credit|risk`: one CSV line per data row with the row's
/// fields and three reason columns (spreadsheet-safe: `CSVWriter.spreadsheetField`), written
/// atomically; rows with values the training data never had are counted on standard error.
enum ScoresFile {
    /// One scored row: its leading fields (after `row`), its reasons, whether it had unseen values.
    struct Line { let fields: [String]; let reasons: [String]; let unseen: Bool }

    static func write(header: String, rows: Int, to out: String, line: (Int) throws -> Line) throws {
        var csv = header + "\n"
        var unseen = 0
        for r in 0..<rows {
            let l = try line(r)
            if l.unseen { unseen += 1 }
            // Reasons name the input's columns and values: spreadsheet-safe, since people open scores in one.
            let reasons = (l.reasons + ["", "", ""]).prefix(3).map(CSVWriter.spreadsheetField)
            csv += ([String(r)] + l.fields + reasons).joined(separator: ",") + "\n"
        }
        do { try AtomicFile.write(Data(csv.utf8), to: out) } catch {
            throw ModelError(code: .pathNotWritable, "cannot write \(out): \(error.localizedDescription)")
        }
        if unseen > 0 { FileHandle.standardError.write(Data("note: \(unseen) row(s) had values the training data never had; they scored as neutral\n".utf8)) }
        print("scored \(rows) rows into \(out)")
    }
}
