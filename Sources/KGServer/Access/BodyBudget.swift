import Foundation

/// Bounds the request bytes being received at once, overall and per caller, so that many slow
/// or large uploads cannot fill the server's memory: a body is admitted only when its declared
/// size (or, for a chunked body, the size limit) fits both budgets, and its bytes are released
/// when the request is answered.
final class BodyBudget: @unchecked Sendable {
    let totalLimit: Int
    let perCallerLimit: Int
    private let lock = NSLock()
    private var total = 0
    private var byCaller: [String: Int] = [:]

    init(totalLimit: Int, perCallerLimit: Int) {
        self.totalLimit = totalLimit
        self.perCallerLimit = perCallerLimit
    }

    /// Reserves `bytes` for `caller`; false (nothing reserved) when either budget would be exceeded.
    func reserve(_ bytes: Int, for caller: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let mine = byCaller[caller, default: 0]
        guard total + bytes <= totalLimit, mine + bytes <= perCallerLimit else { return false }
        total += bytes
        byCaller[caller] = mine + bytes
        return true
    }

    /// Gives back what `reserve` took.
    func release(_ bytes: Int, for caller: String) {
        lock.lock(); defer { lock.unlock() }
        total -= bytes
        let left = byCaller[caller, default: 0] - bytes
        byCaller[caller] = left > 0 ? left : nil
    }

    /// Bytes reserved now (metrics and tests).
    var reserved: Int {
        lock.lock(); defer { lock.unlock() }
        return total
    }
}
