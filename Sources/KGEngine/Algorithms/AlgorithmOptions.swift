import KGAlgorithms
import KGCore

/// The configuration map of an algorithm call, read option by option; every problem names the
/// option, and options the algorithm does not know are refused (a typo is not silently ignored).
struct AlgorithmOptions {
    let algorithm: String
    private let map: [String: Value]
    private var used: Set<String> = []

    init(_ value: Value, algorithm: String) throws {
        self.algorithm = algorithm
        switch value {
        case .null: map = [:]
        case .map(let m): map = m
        default: throw AlgorithmError("\(algorithm): the configuration must be a map like {maxIterations: 20}, not \(value.typeName)")
        }
    }

    private func fail(_ key: String, _ message: String) -> AlgorithmError { AlgorithmError("\(algorithm): option \(key) \(message)") }

    mutating func raw(_ key: String) -> Value? {
        used.insert(key)
        guard let v = map[key], !v.isNull else { return nil }
        return v
    }

    mutating func double(_ key: String, _ fallback: Double) throws -> Double {
        switch raw(key) {
        case nil: return fallback
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case let v?: throw fail(key, "must be a number, not \(v.typeName)")
        }
    }

    mutating func int(_ key: String, _ fallback: Int) throws -> Int {
        switch raw(key) {
        case nil: return fallback
        case .int(let i)?: return Int(i)
        case let v?: throw fail(key, "must be an integer, not \(v.typeName)")
        }
    }

    mutating func optionalInt(_ key: String) throws -> Int? {
        guard raw(key) != nil else { return nil }
        return try int(key, 0)
    }

    mutating func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        switch raw(key) {
        case nil: return fallback
        case .bool(let b)?: return b
        case let v?: throw fail(key, "must be true or false, not \(v.typeName)")
        }
    }

    mutating func string(_ key: String) throws -> String? {
        switch raw(key) {
        case nil: return nil
        case .string(let s)?: return s
        case let v?: throw fail(key, "must be a string, not \(v.typeName)")
        }
    }

    mutating func strings(_ key: String) throws -> [String] {
        switch raw(key) {
        case nil: return []
        case .string(let s)?: return [s]
        case .list(let items)?:
            return try items.map { item in
                guard case .string(let s) = item else { throw fail(key, "must be a list of strings") }
                return s
            }
        case let v?: throw fail(key, "must be a list of strings, not \(v.typeName)")
        }
    }

    mutating func doubles(_ key: String) throws -> [Double]? {
        switch raw(key) {
        case nil: return nil
        case .list(let items)?:
            return try items.map { item in
                switch item {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: throw fail(key, "must be a list of numbers")
                }
            }
        case let v?: throw fail(key, "must be a list of numbers, not \(v.typeName)")
        }
    }

    /// Node ids from nodes or integers (a single one or a list).
    mutating func nodes(_ key: String) throws -> [Int64] {
        func one(_ v: Value) throws -> Int64 {
            switch v {
            case .node(let id), .int(let id): return id
            default: throw fail(key, "must be nodes or node ids, not \(v.typeName)")
            }
        }
        switch raw(key) {
        case nil: return []
        case .list(let items)?: return try items.map(one)
        case let v?: return [try one(v)]
        }
    }

    /// Refuses options nobody read.
    func finish() throws {
        let unknown = Set(map.keys).subtracting(used).sorted()
        if !unknown.isEmpty {
            throw AlgorithmError("\(algorithm): unknown option\(unknown.count > 1 ? "s" : "") \(unknown.joined(separator: ", ")); known: \(used.sorted().joined(separator: ", "))")
        }
    }
}
