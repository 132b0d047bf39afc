/// The version of this build of GovBrain.
public enum GovBrainVersion {
    public static let current = "0.1.0"
}
