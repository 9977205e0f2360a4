import Foundation
import Model
import Serving
import Testing
import TickFlowTestSupport

/// schemathesis (from the venv) fuzzes the live API from `openapi.yaml` with a seeded investor's token, and
/// its DELETE operations with a disposable user's: no 5xx, and every response must match the schema.
@Suite struct SchemathesisTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    @Test func theAPIConformsToItsOpenAPIDocument() async throws {
        let schemathesis = "\(Self.repository)/.venv/bin/schemathesis"
        try #require(FileManager.default.isExecutableFile(atPath: schemathesis), "run scripts/bootstrap: \(schemathesis) is missing")
        // Price history for the seeded portfolio's MSFT, so that its performance answers 200 for recent periods.
        let warehouse = try PriceWarehouse()
        defer { warehouse.remove() }
        let now = Timestamp.now()
        try warehouse.trades([("MSFT", 400, now - 40 * Timestamp.nanosPerDay), ("MSFT", 415.1, now - Timestamp.nanosPerHour)])
        // Live views with Apple's quote, bars and anomalies (the spec's examples name AAPL), bar history behind them.
        // Daily bars of AAPL, MSFT and JPM too, so that the risk endpoints answer 200 for the spec's examples.
        let (market, barWarehouse) = try await MarketDataAPITests.market()
        defer { barWarehouse.remove() }
        try await market.views.apply(RiskAPITests.dailyBars())
        try await withLiveServer(priceHistory: warehouse.history, market: market) { server in
            let ada = try await server.register()
            try await server.deposit("100000", token: ada.token)
            _ = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "10"])
            _ = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: ["name": "Seed", "holdings": [["stockId": "MSFT", "quantity": "3", "costBasis": "1200"]]])
            let common = [
                "run", "http://127.0.0.1:\(server.port)/openapi.yaml", "--url", "http://127.0.0.1:\(server.port)/api/v1",
                "--checks", "not_a_server_error,response_schema_conformance", "--max-examples", "12", "--seed", "20261121", "--generation-database", "none",
                "--phases", "examples,coverage,fuzzing", "--workers", "1", "--no-color", "--request-timeout", "30",
                // The live event stream answers an endless response by design (its own test covers it).
                "--exclude-path", "/market-data/stream",
                // The dashboard is an HTML page at the root, not an API operation (DashboardAPITests covers it).
                "--exclude-path", "/dashboard",
            ]
            // Everything but DELETE as the seeded investor: DELETE /users/{userId} would delete her (schemathesis
            // learns her id from GET /users) and leave the rest of the run unauthenticated.
            let output = try await Command.runDetached(schemathesis, common + ["--header", "Authorization: Bearer \(ada.token)", "--exclude-method", "DELETE"])
            #expect(output.status == 0, "schemathesis found problems:\n\(output.stdout.suffix(6000))\n\(output.stderr.suffix(2000))")
            // DELETE on its own, as a disposable user it may delete.
            let disposable = try await server.register(name: "Disposable")
            let deletes = try await Command.runDetached(schemathesis, common + ["--header", "Authorization: Bearer \(disposable.token)", "--include-method", "DELETE"])
            #expect(deletes.status == 0, "schemathesis found problems with DELETE:\n\(deletes.stdout.suffix(6000))\n\(deletes.stderr.suffix(2000))")
            // Its summary names what it covered: the one DELETE operation (DELETE /users/{userId}).
            #expect(deletes.stdout.contains("Tested: 1\n"), "the DELETE run tested nothing:\n\(deletes.stdout.suffix(3000))")
            // The API still works after the fuzzing.
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 200)
        }
    }
}
