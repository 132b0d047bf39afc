import KGCore
import KGCypher

/// Procedures defined by a table of rows (the openCypher TCK's test procedures, and a handy
/// way to mount a lookup table): called with input values, a procedure yields the outputs of
/// every row whose input columns equal them.
public enum TableProcedures {
    /// Registers the procedures of a document `{"procedures": [{"name", "inputs", "outputs",
    /// "columns", "rows"}]}` (values in the wire format).
    public static func register(_ json: JSON, into registry: ProcedureRegistry) throws {
        guard case .object(let top) = json, let list = top.first(where: { $0.0 == "procedures" })?.1, case .array(let procs) = list else {
            throw EngineError(code: .badValue, message: "a procedures file is {\"procedures\": [...]}")
        }
        for p in procs {
            guard case .object(let m) = p else { continue }
            func field(_ k: String) -> JSON? { m.first { $0.0 == k }?.1 }
            guard case .string(let name)? = field("name") else { continue }
            func fields(_ k: String) -> [ProcedureSignature.Field] {
                guard case .array(let items)? = field(k) else { return [] }
                return items.compactMap {
                    guard case .object(let f) = $0, case .string(let n)? = f.first(where: { $0.0 == "name" })?.1,
                          case .string(let t)? = f.first(where: { $0.0 == "type" })?.1 else { return nil }
                    return ProcedureSignature.Field(name: n, type: t)
                }
            }
            let inputs = fields("inputs"), outputs = fields("outputs")
            var columns: [String] = []
            if case .array(let cols)? = field("columns") { columns = cols.compactMap { if case .string(let s) = $0 { return s } else { return nil } } }
            var rows: [[Value]] = []
            if case .array(let rs)? = field("rows") {
                for r in rs { if case .array(let cells) = r { rows.append(try cells.map(WireFormat.decode)) } }
            }
            let inputIdx = inputs.map { f in columns.firstIndex(of: f.name) ?? -1 }
            let outputIdx = outputs.map { f in columns.firstIndex(of: f.name) ?? -1 }
            registry.register(ProcedureSignature(name: name, inputs: inputs, outputs: outputs, description: "table procedure")) { ctx in
                rows.filter { row in
                    zip(inputIdx, ctx.arguments).allSatisfy { idx, arg in
                        idx >= 0 && idx < row.count && Self.sameInput(row[idx], arg)
                    }
                }.map { row in outputIdx.map { $0 >= 0 && $0 < row.count ? row[$0] : .null } }
            }
        }
    }

    private static func sameInput(_ a: Value, _ b: Value) -> Bool {
        if case .null = a, case .null = b { return true }
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        default: return a == b
        }
    }
}
