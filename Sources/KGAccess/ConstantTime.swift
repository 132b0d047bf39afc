/// Comparison that takes the same time wherever two secrets first differ.
enum ConstantTime {
    /// Whether `a` and `b` are equal, looking at every byte (lengths are not secret).
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
