import Foundation
import KGCore

/// The generator's law of supervision outcomes: the probability that an enterprise gets an
/// adverse supervision record (a violation found, a penalty, a negative credit record) in a
/// half-year, from what a supervisor can observe at its start (the kind of known logit the credit
/// bench's risk-warning harness uses) plus a latent part no record shows. The latent risk also
/// drives how often those observable signals occur, so signals and outcomes are correlated the
/// way they are in practice. The probability of each half-year is written to
/// `truth/enterprise_risk.csv`: the oracle of the risk evaluation.
struct SupervisionHazard {
    /// What is on record about one enterprise.
    struct History {
        var complaints: [(day: Int, wage: Bool)] = []
        var changes: [(day: Int, kind: String)] = []
        var reports: [(year: Int, filed: Int, employees: Double, tax: Double)] = []
        var negativeCredit: [Int] = []
        var violations: [Int] = []
    }

    /// Complaint volume a scale normally draws (a big firm gets more without being worse).
    static let scaleFactor: [String: Double] = ["micro": 1, "small": 1.5, "medium": 3, "large": 6]

    /// The half-year probability as of `origin` (a day number).
    static func probability(_ h: History, origin: Int, scale: String, revoked: Bool, registeredYear: Int, latent: Double) -> Double {
        let yearAgo = origin - 365
        var c365 = 0.0, wage = 0.0
        for c in h.complaints where c.day < origin && c.day >= yearAgo { c365 += 1; if c.wage { wage += 1 } }
        var legalRep = 0, address = 0
        for c in h.changes where c.day < origin && c.day >= yearAgo {
            if c.kind == "法定代表人变更" { legalRep += 1 } else if c.kind == "住所变更" { address += 1 }
        }
        let filed = h.reports.filter { $0.filed < origin }.sorted { $0.year < $1.year }
        var employeeDrop = 0.0, taxDrop = 0.0
        if filed.count >= 2 {
            let a = filed[filed.count - 2], b = filed[filed.count - 1]
            employeeDrop = min(1.5, max(0, -log((b.employees + 1) / (a.employees + 1))))
            taxDrop = min(1.5, max(0, -log((b.tax + 0.1) / (a.tax + 0.1))))
        }
        var z = -3.9
        z += 0.35 * min(6, c365 / (scaleFactor[scale] ?? 1))
        z += 0.6 * min(3, wage)
        z += (legalRep >= 1 ? 0.8 : 0) + (legalRep >= 2 ? 0.4 : 0) + (address >= 1 ? 0.5 : 0)
        z += legalRep >= 1 && address >= 1 ? 0.8 : 0
        z += 1.2 * employeeDrop + 0.8 * taxDrop
        z += h.negativeCredit.contains { $0 < origin } ? 0.9 : 0
        z += h.violations.contains { $0 < origin } ? 0.6 : 0
        z += revoked ? 0.5 : 0
        // Annual reports are due by June 30 for the year before.
        let date = CypherDate(daysSinceEpoch: origin)
        let expected = date.month >= 7 ? date.year - 1 : date.year - 2
        z += registeredYear <= expected && !filed.contains(where: { $0.year >= expected }) ? 0.5 : 0
        z += 0.5 * (latent - 0.3)
        return 1 / (1 + exp(-z))
    }
}
