import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// The CLI's graphs: opened with every domain's Cypher procedures (`kg.model.*`) installed, so
/// `govbrain query` can call them as the server can.
enum Domains {
    static func open(path: String, options: KnowledgeGraph.OpenOptions = .init()) throws -> KnowledgeGraph {
        let graph = try KnowledgeGraph.open(path: path, options: options)
        install(on: graph)
        return graph
    }

    static func install(on graph: KnowledgeGraph) {
        _ = SupervisionService.on(graph)
        _ = PolicyService.on(graph)
    }
}
