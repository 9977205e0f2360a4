/// One SQL statement with its bound values, for ``SQLExecutor/execute(batch:)``.
public struct SQLStatement: Sendable, Hashable {
    /// The SQL, with Postgres placeholders (`$1`, `$2`…) numbered from 1 within this statement.
    public var sql: String
    /// The values of the placeholders.
    public var binds: [SQLValue]

    /// Creates a statement.
    public init(_ sql: String, _ binds: [SQLValue]) {
        self.sql = sql
        self.binds = binds
    }
}

extension SQLExecutor {
    /// Runs the statements one after the other: the fallback for stores whose round trips cost nothing
    /// (SQLite in-process).
    public func execute(batch: [SQLStatement]) async throws(ServingError) {
        for statement in batch { try await execute(statement.sql, statement.binds) }
    }
}
