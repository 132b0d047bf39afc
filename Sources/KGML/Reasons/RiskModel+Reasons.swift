import Foundation
import KGCore

extension RiskModel {
    /// One reason of a scored row as a supervisor reads it: the factor, the row's value (for an
    /// interaction both columns' values, "a; b") and the sentence in Chinese and English.
    public struct ReasonLine: Sendable, Equatable {
        public let factor: String
        public let value: String
        public let text: TableReasonText

        /// `{"factor":…,"value":…,"text":…,"textEn":…}`.
        public var json: JSON {
            .object([("factor", .string(factor)), ("value", .string(value)), ("text", .string(text.zh)), ("textEn", .string(text.en))])
        }
    }

    /// The sentences of `factors` (a score's reasons) for one row read through `cell`.
    /// - Parameters:
    ///   - descriptions: what the columns mean (empty: column names).
    ///   - population: the scored population the values are compared with (nil: no comparison).
    public func reasonLines(_ factors: [String], cell: (String) -> String?, descriptions: ColumnDescriptions,
                            population: ColumnPopulation?) -> [ReasonLine] {
        let terms = interactions ?? []
        return factors.map { f in
            let value = terms.first { $0.name == f }.map { t in [t.first, t.second].map { cell($0) ?? "" }.joined(separator: "; ") } ?? (cell(f) ?? "")
            return ReasonLine(factor: f, value: value,
                              text: TableReasonText.make(factor: f, cell: cell, descriptions: descriptions, population: population, interactions: terms))
        }
    }
}
