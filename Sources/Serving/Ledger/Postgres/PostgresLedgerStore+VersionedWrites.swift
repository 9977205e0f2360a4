import PostgresNIO

extension PostgresLedgerStore: VersionedWrites {
    /// The SQLSTATE `ledger_require_unchanged` (migration 003) raises when the check matched no row.
    static let versionMovedState = "TF001"

    /// One statement: the check first as a CTE, the writes as further CTEs, and a main query that raises
    /// (rolling all of them back) unless the check matched one row. Postgres runs a statement outside a
    /// transaction block as its own transaction, so no BEGIN or COMMIT is sent.
    public func write(_ batch: [SQLStatement], checking check: SQLStatement) async throws(ServingError) -> Bool {
        let statement = PostgresExecutor.combine([check] + batch + [SQLStatement("SELECT ledger_require_unchanged(count(*)) FROM s0", [])])
        do {
            try await read { sql throws(ServingError) in try await sql.execute(statement.sql, statement.binds) }
            return true
        } catch let error where error.sqlState == Self.versionMovedState {
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
