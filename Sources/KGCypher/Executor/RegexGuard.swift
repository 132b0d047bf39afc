import KGCore

/// Refuses regular expressions whose matching can take exponential time, before ICU (which
/// cannot be interrupted) runs them: a repeated group that itself repeats or alternates
/// (`(a+)+`, `(a*)*b`, `(a|aa)*`) and back-references (`(a)\1`). On a 30-character string such a
/// pattern runs for minutes whatever the query's timeout.
///
/// The check is structural, on the pattern's text (escapes and character classes are skipped as
/// atoms): a group that contains an unbounded quantifier (`*`, `+`, `{n,}`) or an alternation must
/// not itself be followed by an unbounded quantifier. Bounded repetition (`(ab){2,5}`, `(a+)?`)
/// and everything else is allowed.
enum RegexGuard {
    /// Throws `InvalidArgumentValue` for a pattern that may backtrack exponentially.
    static func check(_ pattern: String) throws {
        let c = Array(pattern.unicodeScalars)
        struct Group { var repeats = false; var alternates = false }
        var stack = [Group()]
        var i = 0
        /// The unbounded quantifier at `k` (`*`, `+`, `{n,}`), with the index after it; nil for none.
        func unbounded(at k: Int) -> (Bool, Int)? {
            guard k < c.count else { return nil }
            switch c[k] {
            case "*", "+": return (true, k + 1)
            case "?": return (false, k + 1)
            case "{":
                var j = k + 1
                var text = ""
                while j < c.count, c[j] != "}" { text.unicodeScalars.append(c[j]); j += 1 }
                guard j < c.count, text.first?.isNumber == true else { return nil }
                let parts = text.split(separator: ",", omittingEmptySubsequences: false)
                return (parts.count == 2 && parts[1].isEmpty, j + 1)
            default: return nil
            }
        }
        func refuse(_ why: String) -> CypherError {
            CypherError.argument(.invalidArgumentValue, "the regular expression \(why), which can take exponential time; rewrite it without nested repetition")
        }
        while i < c.count {
            switch c[i] {
            case "\\":
                if i + 1 < c.count, ("1"..."9").contains(c[i + 1]) { throw refuse("uses a back-reference") }
                i += 2
            case "[":
                i += 1
                if i < c.count, c[i] == "^" { i += 1 }
                if i < c.count, c[i] == "]" { i += 1 }
                while i < c.count, c[i] != "]" { i += c[i] == "\\" ? 2 : 1 }
                i += 1
            case "(":
                stack.append(Group())
                i += 1
            case ")":
                let group = stack.count > 1 ? stack.removeLast() : Group()
                i += 1
                if let (isUnbounded, next) = unbounded(at: i) {
                    if isUnbounded && (group.repeats || group.alternates) { throw refuse("repeats a group that itself repeats or alternates") }
                    stack[stack.count - 1].repeats = stack[stack.count - 1].repeats || group.repeats || isUnbounded
                    i = next
                    if i < c.count, c[i] == "?" || c[i] == "+" { i += 1 }
                } else {
                    stack[stack.count - 1].repeats = stack[stack.count - 1].repeats || group.repeats
                }
                continue
            case "|":
                stack[stack.count - 1].alternates = true
                i += 1
            default:
                i += 1
            }
            if let (isUnbounded, next) = unbounded(at: i) {
                if isUnbounded { stack[stack.count - 1].repeats = true }
                i = next
                if i < c.count, c[i] == "?" || c[i] == "+" { i += 1 }
            }
        }
    }
}
