/// A database password that never prints: `description`, `debugDescription`, string interpolation
/// and `dump` all show a mask, so a password cannot leak into an error, a log line or a test failure.
public struct PostgresPassword: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The password itself, for the connection's authentication only.
    public let revealed: String

    public init(_ revealed: String) { self.revealed = revealed }

    public var description: String { "••••" }
    public var debugDescription: String { "••••" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
