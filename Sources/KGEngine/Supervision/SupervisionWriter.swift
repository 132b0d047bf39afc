import KGCore
import KGOntology
import KGStore

/// Writes model outputs into the graph: property updates merged into existing node properties,
/// all in one transaction validated by the ontology (nothing is written when any update fails).
enum SupervisionWriter {
    static func merge(graph: KnowledgeGraph, _ updates: [(Int64, [String: Value])]) throws {
        try write(graph: graph) { tx in
            for (id, props) in updates {
                var merged = try tx.properties(ofNode: id)
                for (k, v) in props { merged[k] = v }
                try tx.setProperties(ofNode: id, merged)
            }
        }
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    static func write<T>(graph: KnowledgeGraph, _ body: (StoreTransaction) throws -> T) throws -> T {
        let validator = graph.store.schemaMode == .ontology ? SchemaValidator(schema: graph.schema) : nil
        let tx = try graph.store.beginTransaction(readOnly: false, validator: validator)
        do {
            let value = try body(tx)
            try tx.commit()
            return value
        } catch {
            tx.rollback()
            throw error
        }
    }
}
