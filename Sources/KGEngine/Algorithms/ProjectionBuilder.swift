import KGAlgorithms
import KGCore
import KGCypher
import KGStore

/// Builds an algorithm's projection from the store's CSR snapshot (the committed graph):
/// `nodeLabels` (any of them; all nodes when empty), `relationshipTypes` (all when empty),
/// `orientation` ('NATURAL', 'REVERSE', 'UNDIRECTED') and `weightProperty` (a numeric
/// relationship property; relationships without it weigh `defaultWeight`).
struct ProjectionBuilder {
    let store: GraphStore

    struct Built {
        let projection: GraphProjection
        /// Relationship references by id (type and endpoints), for paths.
        let relationships: [Int64: RelationshipRef]
    }

    func build(_ options: inout AlgorithmOptions, graph: GraphReadable, defaultOrientation: Orientation = .natural,
               keepRelationships: Bool = false) throws -> Built {
        let labels = try options.strings("nodeLabels")
        let types = try options.strings("relationshipTypes")
        let orientationName = try options.string("orientation")
        let weightProperty = try options.string("weightProperty")
        let defaultWeight = try options.double("defaultWeight", 1)
        var orientation = defaultOrientation
        if let name = orientationName {
            guard let o = Orientation(rawValue: name.lowercased()) else {
                throw AlgorithmError("\(options.algorithm): option orientation must be 'NATURAL', 'REVERSE' or 'UNDIRECTED', not '\(name)'")
            }
            orientation = o
        }
        let catalog = try graph.catalog()
        for l in labels where !catalog.labels.contains(l) {
            throw AlgorithmError("\(options.algorithm): option nodeLabels names \(l), which no node has (labels: \(catalog.labels.joined(separator: ", ")))")
        }
        for t in types where !catalog.types.contains(t) {
            throw AlgorithmError("\(options.algorithm): option relationshipTypes names \(t), which no relationship has (types: \(catalog.types.joined(separator: ", ")))")
        }
        let csr = try store.csrSnapshot()
        // Dense indices of the snapshot kept, renumbered.
        var keep: [Int32]
        if labels.isEmpty {
            keep = Array(0..<Int32(csr.nodeCount))
        } else {
            var set = Set<Int64>()
            for l in labels { for id in try graph.nodeIDs(label: l) { set.insert(id) } }
            keep = []
            for (i, id) in csr.nodeIDs.enumerated() where set.contains(id) { keep.append(Int32(i)) }
        }
        var newIndex = [Int32](repeating: -1, count: csr.nodeCount)
        for (k, i) in keep.enumerated() { newIndex[Int(i)] = Int32(k) }
        let typeIDs = Set(csr.typeNames.filter { types.isEmpty || types.contains($0.value) }.keys)
        var edges: [(source: Int32, target: Int32, weight: Double, relationship: Int64)] = []
        var refs: [Int64: RelationshipRef] = [:]
        var weighted = 0
        for i in keep {
            for k in csr.outOffsets[Int(i)]..<csr.outOffsets[Int(i) + 1] where typeIDs.contains(csr.outTypes[k]) {
                let t = newIndex[Int(csr.outTargets[k])]
                guard t >= 0 else { continue }
                var w = defaultWeight
                if let weightProperty {
                    switch try graph.properties(ofRelationship: csr.outRelIDs[k])[weightProperty] {
                    case .int(let v)?: w = Double(v); weighted += 1
                    case .double(let v)?: w = v; weighted += 1
                    case nil, .null?: break
                    case let v?:
                        throw AlgorithmError("\(options.algorithm): option weightProperty: property \(weightProperty) of relationship \(csr.outRelIDs[k]) is \(v.typeName), not a number")
                    }
                }
                edges.append((newIndex[Int(i)], t, w, csr.outRelIDs[k]))
                if keepRelationships {
                    let id = csr.outRelIDs[k]
                    refs[id] = RelationshipRef(id: id, type: csr.typeNames[csr.outTypes[k]] ?? "", start: csr.nodeIDs[Int(i)],
                                               end: csr.nodeIDs[Int(csr.outTargets[k])])
                }
            }
        }
        if let weightProperty, weighted == 0, !edges.isEmpty {
            throw AlgorithmError("\(options.algorithm): option weightProperty: no relationship in the projection has a numeric property \(weightProperty)")
        }
        let projection = GraphProjection(nodeIDs: keep.map { csr.nodeIDs[Int($0)] }, edges: edges, orientation: orientation,
                                         weighted: weightProperty != nil)
        return Built(projection: projection, relationships: refs)
    }
}
