import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KGCore
import KGEngine

/// Checks a webhook URL before it is stored and before every attempt (a name may resolve
/// elsewhere later): http or https, a host, no credentials in it, and every address it
/// resolves to outside the loopback (unless allowed), link-local and unspecified ranges.
enum WebhookTarget {
    /// The URL, or a 400 error saying what is wrong.
    static func check(_ text: String, allowLoopback: Bool) throws -> URL {
        func bad(_ why: String) -> EngineError { EngineError(code: .badValue, message: "webhook url \(why)") }
        guard text.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw bad("must be an absolute http(s) URL of at most 2000 characters, e.g. https://alerts.example.gov.cn/govbrain")
        }
        guard scheme == "http" || scheme == "https" else { throw bad("must use http or https, not \(scheme)") }
        guard let host = url.host, !host.isEmpty else { throw bad("has no host") }
        guard url.user == nil, url.password == nil else { throw bad("must not carry credentials; the body is signed with the webhook's secret instead") }
        let addresses = try resolve(host: host, port: url.port ?? (scheme == "https" ? 443 : 80))
        guard !addresses.isEmpty else { throw bad("host \(host) does not resolve; check the name") }
        for address in addresses {
            switch classify(address) {
            case .loopback where !allowLoopback:
                throw bad("resolves to a loopback address (\(address)); the server does not call itself (an operator may set webhookAllowLoopback)")
            case .forbidden:
                throw bad("resolves to a link-local or unspecified address (\(address)), which is never called")
            default: continue
            }
        }
        return url
    }

    enum Kind { case loopback, forbidden, ordinary }

    /// The kind of a numeric address.
    static func classify(_ address: String) -> Kind {
        if address.contains(":") {
            let a = address.lowercased()
            if a == "::1" { return .loopback }
            if a == "::" || a.hasPrefix("fe8") || a.hasPrefix("fe9") || a.hasPrefix("fea") || a.hasPrefix("feb") { return .forbidden }
            if a.hasPrefix("::ffff:") { return classify(String(a.dropFirst(7))) }
            return .ordinary
        }
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return .forbidden }
        if octets[0] == 127 { return .loopback }
        if octets[0] == 0 || (octets[0] == 169 && octets[1] == 254) { return .forbidden }
        return .ordinary
    }

    /// The numeric addresses `host` resolves to (getaddrinfo).
    static func resolve(host: String, port: Int) throws -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                out.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = info.pointee.ai_next
        }
        return out
    }
}
