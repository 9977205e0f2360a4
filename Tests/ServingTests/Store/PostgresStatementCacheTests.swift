import Foundation
@testable import Serving
import Testing

/// When ledger statements are prepared, and that a prepared statement answers what the unnamed one did.
@Suite struct PostgresStatementCacheTests {
    let sql = "SELECT balance FROM wallets WHERE user_id = $1"

    @Test func aStatementIsNamedOnceItSucceededUnnamedAndPreparedOncePerConnection() {
        let cache = PostgresStatementCache()
        let signature = PostgresStatementCache.signature(sql, [.text("u1")])
        #expect(cache.plan(sql, [.text("u1")], connection: 1) == .unnamed(signature: signature))
        // Not named before an unnamed run succeeded: a statement that fails never becomes a prepared one.
        #expect(cache.plan(sql, [.text("u1")], connection: 1) == .unnamed(signature: signature))
        cache.succeeded(signature)
        #expect(cache.plan(sql, [.text("u2")], connection: 1) == .named("tickflow_1", firstOnConnection: true))
        cache.prepared("tickflow_1", on: 1)
        #expect(cache.plan(sql, [.text("u3")], connection: 1) == .named("tickflow_1", firstOnConnection: false))
        #expect(cache.plan(sql, [.text("u4")], connection: 2) == .named("tickflow_1", firstOnConnection: true))
        cache.succeeded(signature)
        #expect(cache.plan(sql, [.text("u5")], connection: 1) == .named("tickflow_1", firstOnConnection: false))
    }

    @Test func theSameTextWithOtherBindTypesIsAnotherStatement() {
        let text = PostgresStatementCache.signature(sql, [.text("u1")])
        let null = PostgresStatementCache.signature(sql, [.null])
        #expect(text != null)
        let cache = PostgresStatementCache()
        cache.succeeded(text)
        cache.succeeded(null)
        #expect(cache.plan(sql, [.text("u2")], connection: 1) == .named("tickflow_1", firstOnConnection: true))
        #expect(cache.plan(sql, [.null], connection: 1) == .named("tickflow_2", firstOnConnection: true))
        #expect(cache.plan(sql, [.decimal(1)], connection: 1) == .unnamed(signature: PostgresStatementCache.signature(sql, [.decimal(1)])))
    }

    @Test func boundsKeepTheCacheFinite() {
        let cache = PostgresStatementCache(maxStatements: 2, maxPerConnection: 1, maxConnections: 2)
        let texts = (0..<3).map { "SELECT \($0)" }
        for text in texts { cache.succeeded(PostgresStatementCache.signature(text, [])) }
        // The third text was never tracked: it stays unnamed however often it succeeds.
        #expect(cache.plan(texts[2], [], connection: 1) == .unnamed(signature: nil))
        #expect(cache.plan(texts[0], [], connection: 1) == .named("tickflow_1", firstOnConnection: true))
        cache.prepared("tickflow_1", on: 1)
        // One statement per connection: the second runs unnamed on connection 1, prepared on connection 2.
        #expect(cache.plan(texts[1], [], connection: 1) == .unnamed(signature: nil))
        #expect(cache.plan(texts[1], [], connection: 2) == .named("tickflow_2", firstOnConnection: true))
        cache.prepared("tickflow_2", on: 2)
        cache.prepared("tickflow_1", on: 3)
        // Three connections over a bound of two: the oldest id is forgotten.
        #expect(cache.plan(texts[0], [], connection: 1) == .named("tickflow_1", firstOnConnection: true))
        #expect(cache.plan(texts[0], [], connection: 3) == .named("tickflow_1", firstOnConnection: false))
    }

    @Test func onlyQueriesAndDataChangesArePrepared() {
        for sql in ["SELECT 1", "  with s0 AS (UPDATE t SET a = 1) SELECT 1", "\n\tINSERT INTO t VALUES ($1)", "update t set a = $1", "DELETE FROM t", "VALUES (1)"] {
            #expect(PostgresStatementCache.isPreparable(sql), "\(sql)")
        }
        for sql in ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", "BEGIN", "SELECTED", "", "LOCK TABLE t", "ALTER TABLE t ADD c int"] {
            #expect(!PostgresStatementCache.isPreparable(sql), "\(sql)")
        }
        let cache = PostgresStatementCache()
        cache.succeeded(PostgresStatementCache.signature("CREATE TABLE t (a int)", []))
        #expect(cache.plan("CREATE TABLE t (a int)", [], connection: 1) == .unnamed(signature: nil))
    }

    /// On a real cluster: repeated statements end up prepared, answer like the unnamed first run, survive a
    /// rolled-back transaction, and money keeps its exact decimal value through a prepared write.
    @Test func preparedStatementsAnswerLikeUnnamedOnesOnPostgres() async throws {
        let (server, database) = try SharedPostgres.freshDatabase()
        let store = try await LedgerBackend.postgres(.init(port: server.port, database: database, maximumConnections: 1)).open()
        try await store.transaction { sql throws(ServingError) in
            try await sql.execute("CREATE TABLE cache_probe (id TEXT PRIMARY KEY, amount NUMERIC(20,2), note TEXT)", [])
        }
        let amounts: [Decimal] = [Decimal(string: "1234567.89")!, Decimal(string: "0.01")!, Decimal(string: "-42.10")!]
        for (index, amount) in amounts.enumerated() {
            try await store.transaction { sql throws(ServingError) in
                try await sql.execute(
                    "INSERT INTO cache_probe (id, amount, note) VALUES ($1, $2, $3)", [.text("p\(index)"), .decimal(amount), .text(nil)])
            }
        }
        // A transaction that prepares nothing new but fails after an EXECUTE: the statement stays usable.
        await #expect(throws: ServingError.self) {
            try await store.transaction { sql throws(ServingError) in
                try await sql.execute("INSERT INTO cache_probe (id, amount, note) VALUES ($1, $2, $3)", [.text("p9"), .decimal(1), .text(nil)])
                throw ServingError(.validation, "roll back")
            }
        }
        var read: [Decimal] = []
        for index in amounts.indices {
            let rows = try await store.read { sql throws(ServingError) in
                try await sql.query("SELECT amount, note FROM cache_probe WHERE id = $1", [.text("p\(index)")])
            }
            let amount = try #require(rows.first).values[0]
            if case .decimal(let value) = amount { read.append(value) }
            #expect(rows.first?.values[1] == .null)
        }
        #expect(read == amounts)
        let prepared = try await store.read { sql throws(ServingError) in
            try await sql.query("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'tickflow_%'", [])
        }
        let statements = try prepared.map { row throws(ServingError) in try row.string(0) }
        // The insert ran 3 times (+1 rolled back) and the select 3 times: both are prepared on the one connection.
        #expect(statements.contains("INSERT INTO cache_probe (id, amount, note) VALUES ($1, $2, $3)"))
        #expect(statements.contains("SELECT amount, note FROM cache_probe WHERE id = $1"))
        let rolledBack = try await store.read { sql throws(ServingError) in
            try await sql.query("SELECT count(*) FROM cache_probe WHERE id = $1", [.text("p9")])
        }
        #expect(rolledBack.first?.values[0] == .int(0))
        await store.close()
    }
}
