import NIOConcurrencyHelpers

/// One connection's place among the connections of its address still in the handshake
/// (`BoltServer.Configuration.maxHandshakingPerAddress`): taken when the connection is accepted,
/// given back once, when the handshake has been read or the connection closes, whichever is first.
final class HandshakeSlot: Sendable {
    private let address: String
    private let table: NIOLockedValueBox<[String: Int]>
    private let held = NIOLockedValueBox(false)

    init(address: String, table: NIOLockedValueBox<[String: Int]>) { self.address = address; self.table = table }

    /// Takes the slot unless the address already holds `limit`; false when refused.
    func take(limit: Int) -> Bool {
        let taken = table.withLockedValue { counts -> Bool in
            let n = counts[address, default: 0]
            guard n < limit else { return false }
            counts[address] = n + 1
            return true
        }
        if taken { held.withLockedValue { $0 = true } }
        return taken
    }

    /// Gives the slot back (only the first call counts).
    func release() {
        let wasHeld = held.withLockedValue { h -> Bool in defer { h = false }; return h }
        guard wasHeld else { return }
        table.withLockedValue { counts in
            let n = (counts[address] ?? 1) - 1
            counts[address] = n > 0 ? n : nil
        }
    }
}
