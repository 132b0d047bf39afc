/// How Chinese administrative region names are shortened in speech: 南宁市 → 南宁, 青秀区 → 青秀,
/// 环江毛南族自治县 → 环江. Shared by the data generator (which writes such mentions) and the
/// hotline place resolver (which reads them).
public enum RegionNameForms {
    /// Suffixes dropped to form the short name, longest first.
    public static let suffixes = ["壮族自治区", "各族自治县", "瑶族自治县", "毛南族自治县", "仫佬族自治县", "苗族自治县", "侗族自治县",
                                  "自治县", "市", "区", "县"]

    /// The short form of `name`, or nil when dropping the suffix would leave fewer than two characters.
    public static func shortForm(_ name: String) -> String? {
        for s in suffixes where name.hasSuffix(s) && name.count - s.count >= 2 {
            return String(name.dropLast(s.count))
        }
        return nil
    }
}
