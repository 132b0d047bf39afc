/// Where a relationship file's header puts the endpoints and the type: what both free-form
/// fast paths (`CSVRelationshipRows`, `CSVRelationshipParser`) read from a header.
struct CSVRelationshipColumns: Sendable {
    let width: Int
    let start: (column: Int, space: String)
    let end: (column: Int, space: String)
    let type: Int?

    /// Nil without both a `:START_ID` and an `:END_ID` column.
    init?(header: CSVHeader) {
        var start: (Int, String)?, end: (Int, String)?, type: Int?
        for (i, role) in header.columns.enumerated() {
            switch role {
            case .startID(let s): start = (i, s)
            case .endID(let s): end = (i, s)
            case .type: type = i
            default: continue
            }
        }
        guard let start, let end else { return nil }
        width = header.columns.count
        self.start = start
        self.end = end
        self.type = type
    }
}
