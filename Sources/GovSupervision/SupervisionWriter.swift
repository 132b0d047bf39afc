import KGCore
import KGEngine

/// Writes model outputs into the graph: property updates merged into existing node properties,
/// all in one transaction validated by the ontology (nothing is written when any update fails).
enum SupervisionWriter {
    static func merge(graph: KnowledgeGraph, _ updates: [(Int64, [String: Value])]) throws {
        try graph.write { tx in
            for (id, props) in updates { try tx.mergeProperties(ofNode: id, props) }
        }
    }
}
