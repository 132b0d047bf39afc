import KGCore

/// Stratified k-fold assignment: within each class the rows are shuffled with a seeded
/// generator and dealt round-robin into folds, so every fold has the class balance of the whole.
public enum StratifiedFolds {
    /// The fold (0..<folds) of each of `rows`, in `rows` order.
    public static func assign(rows: [Int], target: [Int], folds: Int, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        var byClass: [[Int]] = [[], []]
        for (i, r) in rows.enumerated() { byClass[target[r] == 1 ? 1 : 0].append(i) }
        var fold = [Int](repeating: 0, count: rows.count)
        for var members in byClass {
            for i in stride(from: members.count - 1, to: 0, by: -1) { members.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for (k, i) in members.enumerated() { fold[i] = k % folds }
        }
        return fold
    }
}
