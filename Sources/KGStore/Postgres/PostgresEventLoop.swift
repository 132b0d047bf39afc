import NIOCore
import NIOPosix

/// The event loop every PostgreSQL connection of the process runs on.
///
/// The store's API is synchronous (as SQLite's is): a call sends its request and blocks its own
/// thread on the reply (`EventLoopFuture.wait()`). That is safe only when the waiting thread is not
/// the loop that must deliver the reply, so the connections get a loop group of their own, which no
/// other code (the HTTP server, the Bolt server) runs on, and no store call is ever made from it.
/// One thread is enough: the loop only moves bytes, the work is in the server and the callers.
enum PostgresEventLoop {
    /// Created on first use, lives as long as the process (like NIO's singleton groups).
    static let group: MultiThreadedEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
}
