/// A prepared statement of a `StoreConnection`: bind, step, read the current row.
///
/// Parameters are numbered from 1 and written `?` in the SQL (a backend with other placeholders
/// rewrites them when it prepares). Column readers take the index from 0 and read the current
/// row; `bytes` and `blob` point into the backend's memory, valid until the next `step` or `reset`.
/// Hot loops take a statement as a generic `S: StoreStatement` (see `GraphStore.scanEdges`), so
/// that the calls are direct for each backend.
package protocol StoreStatement: AnyObject {
    /// The number of result columns.
    var columnCount: Int { get }
    /// Rewinds the statement and binds `values` to parameters 1, 2, …
    func bind(_ values: [StoreValue]) throws
    /// Binds one value to parameter `i`.
    func bind(_ value: StoreValue, at i: Int32) throws
    /// Binds an integer to parameter `i`.
    func bindInt(_ x: Int64, at i: Int32)
    /// Binds a copy of `s` to parameter `i`.
    func bindText(_ s: String, at i: Int32)
    /// Binds UTF-8 text without copying it: the bytes must stay put until the statement has run
    /// and the binding is replaced or cleared.
    func bindStatic(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int32)
    /// Binds a copy of `bytes` as binary data to parameter `i`.
    func bindBlob(_ bytes: [UInt8], at i: Int32) throws
    /// Binds NULL to parameter `i`.
    func bindNull(at i: Int32)
    /// Clears every binding (after static ones, before their bytes go away).
    func clearBindings()
    /// Advances; true while a row is available.
    @discardableResult func step() throws -> Bool
    /// Runs a statement that returns no rows (or ignores them), then rewinds it for reuse.
    func run() throws
    /// Rewinds the statement and clears its bindings.
    func reset()
    /// An integer column of the current row.
    func int(_ column: Int) -> Int64
    /// A floating-point column of the current row.
    func double(_ column: Int) -> Double
    /// Whether a column of the current row is NULL.
    func isNull(_ column: Int) -> Bool
    /// A text column of the current row, copied.
    func text(_ column: Int) -> String
    /// A text column's UTF-8 bytes, valid until the next step or reset.
    func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>
    /// A binary column's bytes, valid until the next step or reset.
    func blob(_ column: Int) -> UnsafeRawBufferPointer
    /// A column of the current row as a value of its stored kind.
    func value(_ column: Int) -> StoreValue
}
