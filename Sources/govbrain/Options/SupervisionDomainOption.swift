import ArgumentParser

/// The `--domain` option of `govbrain model train risk|credit`: market (the enterprise models,
/// the default) or one of the supervision domains whose sites the graph holds.
enum SupervisionDomainOption {
    static let names = ["market", "ecology", "emergency", "housing"]

    /// Checks the value, and that a domain other than market comes with `--graph`.
    static func validate(_ domain: String, graph: Bool) throws {
        guard names.contains(domain) else {
            throw ValidationError("--domain \(domain.prefix(20)) is not one of \(names.joined(separator: ", "))")
        }
        if domain != "market" && !graph {
            throw ValidationError("--domain \(domain) trains on the graph: add --graph --db PATH")
        }
    }
}
