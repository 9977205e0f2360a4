/// Runs statements inside one transaction (or one read) of a ``LedgerStore``.
///
/// SQL uses Postgres placeholders (`$1`, `$2`…); the SQLite store rewrites them.
public protocol SQLExecutor: Sendable {
    /// Runs a statement and returns its rows.
    ///
    /// - Throws: ``ServingError`` (`storage`, or `conflict` on a unique-constraint violation).
    func query(_ sql: String, _ binds: [SQLValue]) async throws(ServingError) -> [SQLRow]

    /// Runs a statement for its effect. (To learn which rows changed, `query` it with `RETURNING`.)
    func execute(_ sql: String, _ binds: [SQLValue]) async throws(ServingError)

    /// Runs independent write statements (INSERT, UPDATE, upsert) for their effect, in as few round trips
    /// as the store can: Postgres sends them as one statement. The statements must not depend on each
    /// other's effects, nor touch the same row twice (they may all see the same snapshot).
    func execute(batch: [SQLStatement]) async throws(ServingError)
}

/// The SQL flavour of a store, for the few statements that differ.
public enum SQLDialect: Sendable {
    case postgres
    case sqlite

    /// The row-locking suffix of a SELECT inside a transaction. SQLite needs none: its write transactions
    /// are already exclusive.
    public var forUpdate: String {
        switch self {
        case .postgres: " FOR UPDATE"
        case .sqlite: ""
        }
    }
}

/// A ledger database: Postgres (``PostgresLedgerStore``) or embedded SQLite (``SQLiteLedgerStore``).
///
/// The domain logic (``Ledger``) is written once against this protocol; each store supplies transactions
/// that are atomic and isolated enough for read-lock-modify-write (Postgres `SELECT … FOR UPDATE`,
/// SQLite one writer at a time).
public protocol LedgerStore: Sendable {
    /// The SQL flavour.
    var dialect: SQLDialect { get }

    /// Applies the schema migrations not applied yet, in version order, recording each in
    /// `schema_migrations`.
    ///
    /// - Throws: ``ServingError`` (`migration`).
    func migrate() async throws(ServingError)

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T

    /// Runs `body` for reads, without a write lock.
    func read<T: Sendable>(
        _ body: @Sendable (any SQLExecutor) async throws(ServingError) -> T
    ) async throws(ServingError) -> T

    /// Closes connections.
    func close() async
}
