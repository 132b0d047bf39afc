import Foundation
import KGCore
import KGOntology

/// Loads graph files into a store in one transaction: all or nothing.
///
/// CSV files follow the neo4j-admin header convention (node files are loaded before
/// relationship files, whatever the argument order), GraphML is read with libxml2 (streaming),
/// JSON Lines holds one node or relationship per line (see `JSONLImporter`). With a rejects path,
/// bad rows are written there and the rest loads; without, the first bad row aborts the import and
/// leaves the store exactly as it was.
public enum GraphImporter {
    /// Imports `files` into `store`.
    /// - Parameters:
    ///   - schema: the ontology, used when validation is on.
    /// - Returns: counts of what was created and rejected.
    /// - Throws: `ImportError` / `OntologyError` with file, line and column; `StoreError`.
    public static func run(store: GraphStore, files: [String], options: ImportOptions, schema: GraphSchema) throws -> ImportReport {
        guard !files.isEmpty else { throw ImportError(code: .fileNotFound, message: "no input files given") }
        var plan: [(path: String, format: ImportFormat)] = []
        for path in files {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                throw ImportError(code: .fileNotFound, message: "input file \(path) does not exist")
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ImportError(code: .fileNotFound, message: "input file \(path) is not readable; check its permissions")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if size == 0 {
                throw ImportError(code: .emptyFile, message: "input file \(path) is empty; nothing to import", location: SourceLocation(file: path, line: 1, column: 1))
            }
            guard let format = options.format ?? ImportFormat.infer(from: path) else {
                throw ImportError(code: .unknownFormat, message: "cannot tell the format of \(path) from its name; pass --format csv|graphml|jsonl")
            }
            plan.append((path, format))
        }
        let validate = options.validate ?? (store.schemaMode == .ontology)
        let validator = validate ? SchemaValidator(schema: schema) : nil
        let rejects = try RejectSink(path: options.rejectsPath)
        let writer = try store.beginBulkWrite(validator: validator)
        defer { store.endBulkWrite(writer) }
        do {
            var trace = ImportTrace()
            let csvFiles = try plan.filter { $0.format == .csv }.map { try CSVImporter.open(path: $0.path) }
            // Nodes everywhere first, so relationships can point at nodes from any file.
            for f in csvFiles where f.header.kind == .nodes { try CSVImporter.loadNodes(f, into: writer, options: options, rejects: rejects) }
            for f in csvFiles where f.header.kind == .edgeList { try CSVImporter.loadEdgeList(f, into: writer, rejects: rejects) }
            trace.mark("node files")
            let relationshipFiles = csvFiles.filter { $0.header.kind == .relationships }
            if try !ParallelRelationshipLoader.load(relationshipFiles, into: writer, options: options, rejects: rejects) {
                for f in relationshipFiles { try CSVImporter.loadRelationships(f, into: writer, options: options, rejects: rejects) }
            }
            for p in plan where p.format == .graphml { try GraphMLImporter.load(path: p.path, into: writer, rejects: rejects) }
            for p in plan where p.format == .jsonl { try JSONLImporter.load(path: p.path, into: writer, rejects: rejects) }
            trace.mark("relationship, GraphML, JSON Lines files")
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }
        var report = ImportReport()
        report.nodesCreated = writer.summary.nodesCreated
        report.relationshipsCreated = writer.summary.relationshipsCreated
        report.rejected = rejects.count
        report.files = files
        return report
    }
}
