import KGCore
import KGStore
import Testing
@testable import KGBolt

/// The Neo4j status codes store failures get: drivers retry `TransientError`s on a new
/// transaction, so only a failure known to have committed nothing may be transient.
@Suite struct BoltFailureCodeTests {
    @Test func aLostDatabaseIsTransientButAnUnknownCommitIsNot() {
        let lost = BoltFailure.from(StoreError(code: .databaseUnreachable, message: "lost before COMMIT"))
        #expect(lost.code == "Neo.TransientError.General.DatabaseUnavailable")
        let unknown = BoltFailure.from(StoreError(code: .commitOutcomeUnknown, message: "lost during COMMIT"))
        #expect(unknown.code == "Neo.DatabaseError.Transaction.TransactionCommitFailed")
        #expect(!unknown.code.contains("TransientError"))
        #expect(unknown.message == "lost during COMMIT")
    }
}
