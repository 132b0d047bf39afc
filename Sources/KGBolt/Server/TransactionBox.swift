import KGEngine

/// Holds a connection's explicit transaction between messages. Touched only on the
/// connection's worker thread (the jobs run there one at a time), hence `@unchecked Sendable`.
final class TransactionBox: @unchecked Sendable {
    var transaction: CypherTransaction?

    /// Rolls back the open transaction, if any.
    func rollback() {
        transaction?.rollback()
        transaction = nil
    }
}
