import Model

extension LedgerStore {
    /// Applies `migrations` not yet recorded in `schema_migrations`, each in its own transaction.
    ///
    /// - Throws: ``ServingError`` (`migration`) naming the migration that failed.
    public func apply(_ migrations: [Migration]) async throws(ServingError) {
        do {
            try await transaction { sql throws(ServingError) in
                try await sql.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                    [])
            }
        } catch {
            throw ServingError(.migration, "cannot create schema_migrations: \(error.message)", underlying: error)
        }
        for migration in migrations {
            do {
                try await transaction { sql throws(ServingError) in
                    if dialect == .postgres {
                        // Two servers starting at once: the second waits, then sees the version recorded.
                        try await sql.execute("SELECT pg_advisory_xact_lock(7172617)", [])
                    }
                    let applied = try await sql.query(
                        "SELECT version FROM schema_migrations WHERE version = $1", [.int(Int64(migration.version))])
                    guard applied.isEmpty else { return }
                    for statement in migration.statements { try await sql.execute(statement, []) }
                    try await sql.execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                        [.int(Int64(migration.version)), .text(migration.name), .int(Timestamp.now())])
                }
            } catch {
                throw ServingError(
                    .migration, "migration \(migration.version) (\(migration.name)) failed: \(error.message)",
                    underlying: error)
            }
        }
    }

    /// Applies the migrations bundled for this store's dialect.
    public func migrate() async throws(ServingError) {
        try await apply(try Migration.bundled(for: dialect))
    }
}
