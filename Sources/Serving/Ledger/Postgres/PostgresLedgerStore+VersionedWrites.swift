import PostgresNIO

extension PostgresLedgerStore: VersionedWrites {
    /// The SQLSTATE `ledger_require_unchanged` (migration 003) raises when the check matched no row.
    static let versionMovedState = "TF001"
    /// `deadlock_detected`. The check runs first (the main query reads it; the other CTEs run after it), so the
    /// statement locks the wallet before any holding, in the order every transaction does. Should Postgres
    /// ever order them otherwise, a deadlock aborts the whole statement, which is then as good as refused.
    static let deadlockState = "40P01"

    /// One statement: the check first as a CTE, the writes as further CTEs, and a main query that raises
    /// (rolling all of them back) unless the check matched one row. Postgres runs a statement outside a
    /// transaction block as its own transaction, so no BEGIN or COMMIT is sent.
    public func write(_ batch: [SQLStatement], checking check: SQLStatement) async throws(ServingError) -> Bool {
        let statement = PostgresExecutor.combine([check] + batch + [SQLStatement("SELECT ledger_require_unchanged(count(*)) FROM s0", [])])
        do {
            try await read { sql throws(ServingError) in try await sql.execute(statement.sql, statement.binds) }
            return true
        } catch let error where error.sqlState == Self.versionMovedState || error.sqlState == Self.deadlockState {
            return false
        }
    }
}

extension ServingError {
    /// The SQLSTATE of the Postgres error underneath, if there is one.
    var sqlState: String? {
        (underlying as? PSQLError)?.serverInfo?[.sqlState]
    }
}
