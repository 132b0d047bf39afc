import Foundation
import KGCore

/// Loads the relationship files of a free-form import into an empty store on every core: the
/// files are cut into stretches of whole records (`CSVChunk`), parsed by copies of a
/// `CSVRelationshipParser` in parallel, then handed to the writer in file order. Records a parser
/// refuses go through the general path in their place in that order, so errors, rejects and
/// results are those of a sequential load.
enum ParallelRelationshipLoader {
    /// Stretches parsed before their results are handed over (with `ImportOptions.csvChunkBytes`
    /// per stretch, bounds the memory held by parsed, not yet buffered, relationships).
    static let wave = 32

    /// Loads `files` (relationship files, headers read); false when the writer cannot take
    /// this path (the store was not empty, or a header the parser does not handle).
    static func load(_ files: [CSVImporter.OpenFile], into writer: BulkWriter, options: ImportOptions, rejects: RejectSink) throws -> Bool {
        guard writer.startedEmpty, writer.validator == nil, options.csvFastPath else { return false }
        var trace = ImportTrace()
        var jobs: [(file: CSVImporter.OpenFile, parser: CSVRelationshipParser, chunk: CSVChunk)] = []
        for f in files {
            guard let parser = CSVRelationshipParser(header: f.header, options: options, ids: { writer.externalIDs(space: $0) }) else { return false }
            for chunk in CSVChunk.plan(path: f.reader.path, from: f.reader.offset, firstLine: f.reader.nextLine, target: options.csvChunkBytes) {
                jobs.append((f, parser, chunk))
            }
        }
        trace.mark("plan \(jobs.count) stretches")
        var start = 0
        while start < jobs.count {
            let batch = Array(jobs[start..<min(jobs.count, start + wave)])
            let results = Results(count: batch.count)
            let work = batch.map { ($0.parser, $0.chunk, $0.file.reader.delimiter) }
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                let (parser, chunk, delimiter) = work[i]
                var output = CSVRelationshipParser.Output()
                do {
                    let reader = try CSVReader(path: chunk.path, delimiter: delimiter, offset: chunk.offset, length: chunk.length, firstLine: chunk.firstLine)
                    parser.parse(reader, into: &output)
                } catch let e as ImportError {
                    output.events.append(.readerError(e))
                } catch {
                    output.events.append(.readerError(ImportError(code: .fileNotFound, message: "\(error)")))
                }
                results.set(i, output)
            }
            trace.mark("parse stretches on \(ProcessInfo.processInfo.activeProcessorCount) cores")
            for (i, job) in batch.enumerated() {
                let output = results.take(i)
                let typeIDs = try writer.addParsed(output.relationships, typeNames: output.typeNames)
                for (t, flags) in output.used.enumerated() {
                    writer.noteRelationshipKeys(typeID: typeIDs[t], keys: job.parser.properties.names(flags))
                }
                for event in output.events {
                    switch event {
                    case .refused(let line, let record):
                        do {
                            try CSVImporter.addRelationship(record, line: line, job.file, into: writer, options: options)
                        } catch {
                            try rejects.reject(error, location: SourceLocation(file: job.file.name, line: line, column: 1), row: record.joined(separator: ","))
                        }
                    case .readerError(let e):
                        guard e.code == .invalidUTF8 else { throw e }
                        try rejects.reject(e, location: e.location ?? SourceLocation(file: job.file.name, line: 1, column: 1), row: nil)
                    }
                }
            }
            start += wave
            trace.mark("hand over in file order")
        }
        return true
    }

    /// The outputs of one wave, filled from several threads.
    private final class Results: @unchecked Sendable {
        private var outputs: [CSVRelationshipParser.Output?]
        private let lock = NSLock()
        init(count: Int) { outputs = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ output: CSVRelationshipParser.Output) { lock.withLock { outputs[i] = output } }
        func take(_ i: Int) -> CSVRelationshipParser.Output { lock.withLock { outputs[i].take() ?? .init() } }
    }
}
