/// A `JSON` node under construction by `JSONValueEncoder`. Scalars are stored in their parent's
/// slot; only objects and arrays that containers still fill get a box of their own, and members
/// are appended in place (no copy of the member list per key).
final class JSONEncodingBox {
    /// One member of an object or item of an array.
    enum Slot {
        case value(JSON)
        case box(JSONEncodingBox)
    }

    enum Shape { case unset, scalar, object, array }

    private(set) var shape: Shape = .unset
    private var scalar: JSON = .null
    /// Object keys, parallel to `slots` (empty for arrays).
    private var keys: [String] = []
    private var slots: [Slot] = []

    /// The finished value (`nil` when nothing was encoded).
    var value: JSON? {
        switch shape {
        case .unset: return nil
        case .scalar: return scalar
        case .object:
            var members: [(String, JSON)] = []
            members.reserveCapacity(keys.count)
            for i in keys.indices { members.append((keys[i], Self.resolve(slots[i]))) }
            return .object(members)
        case .array:
            var items: [JSON] = []
            items.reserveCapacity(slots.count)
            for slot in slots { items.append(Self.resolve(slot)) }
            return .array(items)
        }
    }

    private static func resolve(_ slot: Slot) -> JSON {
        switch slot {
        case .value(let json): return json
        case .box(let box): return box.value ?? .null
        }
    }

    /// Number of items when this is an array.
    var count: Int { shape == .array ? slots.count : 0 }

    func setScalar(_ json: JSON) {
        shape = .scalar
        scalar = json
        keys.removeAll()
        slots.removeAll()
    }

    /// Makes this box an empty object or array unless it already is one.
    func become(_ target: Shape) {
        guard shape != target else { return }
        shape = target
        scalar = .null
        keys.removeAll()
        slots.removeAll()
    }

    /// Sets an object member, replacing an earlier one of the same key.
    func set(_ key: String, _ slot: Slot) {
        become(.object)
        if let i = keys.firstIndex(of: key) { slots[i] = slot; return }
        keys.append(key)
        slots.append(slot)
    }

    /// A fresh box stored under `key`.
    func child(forKey key: String) -> JSONEncodingBox {
        let box = JSONEncodingBox()
        set(key, .box(box))
        return box
    }

    /// Appends an array item.
    func append(_ slot: Slot) {
        become(.array)
        slots.append(slot)
    }

    /// A fresh box appended as an array item.
    func appendChild() -> JSONEncodingBox {
        let box = JSONEncodingBox()
        append(.box(box))
        return box
    }
}
