import KGAlgorithms
import KGCypher
import KGCore

/// Algorithm names as the CLI and HTTP take them (`pageRank`, `wcc`, …) and their procedures.
public enum AlgorithmCatalog {
    /// `kg.algo.NAME` for a known algorithm name (case-insensitive).
    /// - Throws: `AlgorithmError` listing the known names.
    public static func procedureName(_ name: String, registry: ProcedureRegistry) throws -> String {
        let known = registry.signatures.map(\.name).filter { $0.hasPrefix("kg.algo.") }
        guard let match = known.first(where: { $0.lowercased() == "kg.algo.\(name.lowercased())" }) else {
            throw AlgorithmError("there is no algorithm \(name); known: \(known.map { String($0.dropFirst(8)) }.joined(separator: ", "))",
                                 code: .unknownAlgorithm)
        }
        return match
    }
}

extension KGCore.ErrorCode {
    /// No algorithm has this name.
    public static let unknownAlgorithm = KGCore.ErrorCode("UnknownAlgorithm")
}
