/// A store that can apply a batch of writes atomically outside a transaction, on the condition that a
/// version read earlier has not moved: optimistic concurrency.
///
/// Placing an order this way takes two round trips (read, then one write that commits by itself) where a
/// locking transaction takes four (BEGIN, lock and read, write, COMMIT). Postgres conforms; SQLite's
/// write transactions are local and exclusive already.
public protocol VersionedWrites: LedgerStore {
    /// Applies `batch` together with `check` in one atomic statement if `check` matches exactly one row, and
    /// writes nothing otherwise.
    ///
    /// - Parameters:
    ///   - batch: independent writes, as for ``SQLExecutor/execute(batch:)``.
    ///   - check: an `UPDATE … WHERE <version still as read> RETURNING 1`, which also moves the version on.
    /// - Returns: whether the writes were applied; `false` when the version had moved (read again and retry).
    /// - Throws: ``ServingError`` as ``SQLExecutor/execute(batch:)`` does.
    func write(_ batch: [SQLStatement], checking check: SQLStatement) async throws(ServingError) -> Bool
}
