/// How fast a work order must be handled: urgent (danger to life or property: fire, gas, people
/// trapped or hurt, flooding, a collapse), priority, or normal.
public enum Urgency: String, Sendable, Codable, CaseIterable {
    case urgent, priority, normal
}
