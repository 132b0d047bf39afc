/// The request path as the audit log keeps it: a segment that may be personal data (a run of 11
/// or more digits: a phone or identity number, `/v1/policies/450924…/eligible`) is replaced by
/// `{redacted}`; the route pattern beside it still says what was asked.
enum AuditPath {
    static func redact(_ path: String) -> String {
        let bounded = String(path.prefix(512))
        guard bounded.utf8.count >= 11 else { return bounded }
        // Most paths hold no run of 11 digits: nothing to split and join again.
        var longest = 0, run = 0
        for u in bounded.utf8 {
            run = (u >= 48 && u <= 57) ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest >= 11 else { return bounded }
        return bounded.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            var run = 0
            for u in segment.utf8 {
                run = (u >= 48 && u <= 57) ? run + 1 : 0
                if run >= 11 { return "{redacted}" }
            }
            return segment
        }.joined(separator: "/")
    }
}
