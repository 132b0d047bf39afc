import Foundation
import KGCore
import NIOCore
import PostgresNIO

extension PostgresStoreConnection {
    /// Runs `COPY table(columns) FROM STDIN` (text format) inside the connection's current
    /// transaction, with the rows `produce` writes, and waits for the server to accept them.
    ///
    /// postgres-nio's `copyFrom` is asynchronous. It runs in a task whose executor is the
    /// connections' event loop (`PostgresLoopExecutor`), while the calling thread waits, as every
    /// other statement of this connection does. Not on Swift's cooperative pool: the caller may
    /// itself be a thread of that pool (a test, a server handler calling the synchronous store),
    /// and with every pool thread waiting, the task would never run. `table` is unqualified
    /// (postgres-nio quotes it as one identifier): the connection's `search_path` names the store's schema.
    /// - Parameters:
    ///   - table: a table of the store (a constant of the store's code, never input).
    ///   - columns: its columns, in the order of each row's values.
    ///   - produce: writes the rows, in as many `write` calls as it likes (each one is sent as it
    ///     comes); it runs on the event loop, so it encodes a bounded chunk between writes.
    ///
    /// The wait watches the connection as every statement's does (`answer`): when the server or
    /// the network drops it, the copy fails within `closeCheckInterval` with `DatabaseUnreachable`
    /// and the producer is cancelled, instead of holding the caller (and the store's write lock)
    /// until the producer next writes. A closed connection inside the transaction fails at once.
    /// - Throws: `StoreError` when the server refuses a row or the connection is lost (the
    ///   transaction is then aborted); what `produce` throws (the copy is then cancelled).
    func copy(into table: String, columns: [String],
              _ produce: @escaping @Sendable (PostgresCopyFromWriter) async throws -> Void) throws {
        try reconnectIfClosed()
        let connection = self.connection, logger = self.logger
        let executor = PostgresLoopExecutor(loop: connection.eventLoop)
        let done = connection.eventLoop.makePromise(of: Void.self)
        let task = Task(executorPreference: executor) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger, writeData: produce)
                done.succeed(())
            } catch {
                done.fail(error)
            }
        }
        defer { lastStatementEnded = Date() }
        do {
            try answer(done.futureResult)
        } catch let error as StoreError {
            task.cancel()
            throw error
        } catch let error as PSQLError {
            throw PostgresErrorMapper.queryError(error, endpoint: endpoint)
        } catch where connection.isClosed {
            // A producer that wrote into a closed channel gets postgres-nio's `connectionClosed`.
            throw StoreError(code: .databaseUnreachable, message: "the connection to PostgreSQL at \(endpoint) was lost during a COPY into \(table); its transaction did not commit. Retry once the server is back.")
        }
    }
}

/// Runs tasks on an event loop: async postgres-nio calls that the store's synchronous API waits
/// for (see `PostgresStoreConnection.copy`).
final class PostgresLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // The closure holds the executor until the job has run (the task refers to it unowned).
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
