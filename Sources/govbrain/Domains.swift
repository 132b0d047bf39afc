import Foundation
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// The CLI's graphs: opened with every domain's Cypher procedures (`kg.model.*`) installed, so
/// `govbrain query` can call them as the server can. The services behind the procedures are kept
/// for the life of the process (the graph's registry holds them weakly).
enum Domains {
    static func open(path: String, options: KnowledgeGraph.OpenOptions = .init()) throws -> KnowledgeGraph {
        let graph = try KnowledgeGraph.open(path: path, options: options)
        Kept.shared.add(SupervisionService(graph: graph))
        Kept.shared.add(PolicyService(graph: graph))
        return graph
    }

    /// The services the CLI's graphs answer their procedures through.
    final class Kept: @unchecked Sendable {
        static let shared = Kept()
        private let lock = NSLock()
        private var services: [AnyObject] = []
        func add(_ service: AnyObject) { lock.withLock { services.append(service) } }
    }
}
