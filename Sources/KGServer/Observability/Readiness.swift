import Foundation
import GovHotline
import GovPolicy
import GovSupervision
import KGEngine

/// Whether the server is ready for traffic: the store answers and the models were loaded (a
/// model that is not promoted is reported, not fatal: its routes answer 503).
final class Readiness: @unchecked Sendable {
    private let lock = NSLock()
    private var warmed = false
    private var states: [String: String] = [:]

    func finish(_ states: [String: String]) {
        lock.lock(); defer { lock.unlock() }
        warmed = true
        self.states = states
    }

    var snapshot: (warmed: Bool, models: [String: String]) {
        lock.lock(); defer { lock.unlock() }
        return (warmed, states)
    }

    /// Loads the hotline router, the supervision snapshot and models, and the policy recommender.
    static func warmUp(hotline: HotlineService, supervision: SupervisionService, policies: PolicyService) -> [String: String] {
        var states = supervision.warmUp()
        states["policy-recommender"] = policies.warmUp()
        do {
            let router = try hotline.router()
            states["hotline-routing"] = "loaded \(router.version)"
        } catch {
            states["hotline-routing"] = "unavailable: \(error)"
        }
        return states
    }
}
