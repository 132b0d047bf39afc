import KGCore

/// What a column operator reads: the nodes with `label`, bound to `variable`, that pass every
/// predicate, each predicate a test of one property against a value fixed for the whole query.
struct ColumnScanSpec {
    let variable: String
    let label: String
    let predicates: [ColumnPredicate]
    /// The index seek the plan started from, if any: when it finds few nodes, reading them one
    /// by one beats loading whole columns, and the row plan runs instead.
    var seek: (key: String, value: Expr)?

    /// The property keys the predicates read.
    var keys: [String] { predicates.map(\.key) }
}

/// One conjunct of a WHERE (or an index seek, or an inline property map) over a column:
/// `n.key <op> operand` (either side), or `n.key IS [NOT] NULL`.
struct ColumnPredicate {
    enum Test {
        case compare(BinaryOperator, operand: Expr, propertyFirst: Bool)
        case isNull(negated: Bool)
    }

    let key: String
    let test: Test
    /// The conjunct as written, for plans.
    let text: String
}
