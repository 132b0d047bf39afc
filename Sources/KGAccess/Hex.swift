/// Lowercase hexadecimal text of bytes (digests, key ids). Written byte by byte from a table:
/// `String(format: "%02x")` per byte went through Foundation's formatter and cost as much as the
/// HMAC itself on every audited request.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
