/// The GB/T 2260 administrative codes' hierarchy by prefix: a province ends in 0000, a city in 00.
public enum AdcodeHierarchy {
    /// Whether `adcode` lies in `region` (the region itself or a region below it).
    public static func contains(region: String, adcode: String) -> Bool {
        if region.hasSuffix("0000") { return adcode.hasPrefix(region.prefix(2)) }
        if region.hasSuffix("00") { return adcode.hasPrefix(region.prefix(4)) }
        return adcode == region
    }
}
