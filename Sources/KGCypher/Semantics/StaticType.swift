/// What is known about an expression's type before running it.
enum StaticType: Equatable {
    case node, relationship, relationshipList, path
    case bool, int, float, string, list, map, null
    case unknown

    /// Whether a value of this type could be a boolean (unknown and null could).
    var couldBeBoolean: Bool { self == .bool || self == .unknown || self == .null }
    /// Whether a value of this type could be a list.
    var couldBeList: Bool { self == .list || self == .relationshipList || self == .unknown || self == .null }
    /// Whether a value of this type could have properties (node, relationship, map).
    var couldHaveProperties: Bool { [.node, .relationship, .map, .unknown, .null].contains(self) }
    var isGraphElement: Bool { self == .node || self == .relationship }
}
