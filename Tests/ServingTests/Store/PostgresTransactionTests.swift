import Foundation
@testable import Serving
import Testing

/// Transactions on Postgres are all or nothing, whatever their statements are (reads, prepared writes) and however they fail.
@Suite struct PostgresTransactionTests {
    @Test func aTransactionThatReadsFirstThenWritesAndFailsLeavesNothing() async throws {
        let (server, database) = try SharedPostgres.freshDatabase()
        let store = try await LedgerBackend.postgres(.init(port: server.port, database: database, maximumConnections: 2)).open()
        try await store.transaction { sql throws(ServingError) in
            try await sql.execute("CREATE TABLE tx_probe (id TEXT PRIMARY KEY, amount NUMERIC(20,2) NOT NULL)", [])
        }
        for attempt in 0..<3 {
            await #expect(throws: ServingError.self) {
                try await store.transaction { sql throws(ServingError) in
                    _ = try await sql.query("SELECT count(*) FROM tx_probe", [])
                    try await sql.execute("INSERT INTO tx_probe (id, amount) VALUES ($1, $2)", [.text("a\(attempt)"), .decimal(10)])
                    throw ServingError(.validation, "refused after the write")
                }
            }
        }
        // A write that fails in the database (duplicate key) also takes the earlier ones with it.
        await #expect(throws: ServingError.self) {
            try await store.transaction { sql throws(ServingError) in
                try await sql.execute("INSERT INTO tx_probe (id, amount) VALUES ($1, $2)", [.text("b"), .decimal(1)])
                try await sql.execute("INSERT INTO tx_probe (id, amount) VALUES ($1, $2)", [.text("b"), .decimal(2)])
            }
        }
        let committed = try await store.transaction { sql throws(ServingError) in
            let before = try await sql.query("SELECT count(*) FROM tx_probe", [])
            try await sql.execute("INSERT INTO tx_probe (id, amount) VALUES ($1, $2)", [.text("c"), .decimal(3)])
            return before
        }
        #expect(committed.first?.values[0] == .int(0))
        let rows = try await store.read { sql throws(ServingError) in try await sql.query("SELECT id FROM tx_probe ORDER BY id", []) }
        #expect(rows.map { $0.values[0] } == [.text("c")])
        await store.close()
    }
}
