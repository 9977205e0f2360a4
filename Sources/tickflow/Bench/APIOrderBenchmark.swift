import Foundation
import Logging
import Model
import ProcessSupport
import Serving
import ServiceLifecycle

/// `api-order`: POST /orders (market buy of one share, filled in the same transaction) on the ledger API
/// over Postgres, against pgbench's built-in simple-update script on the same cluster, in the same run.
///
/// Both sides keep `clients` connections busy for the same time from a separate process (wrk with two threads,
/// pgbench with two). Ours: orders/s that came back 201 filled, with wrk's p50 and p99; peer: pgbench
/// transactions/s. Each order is one Postgres transaction writing the order, fill, holding, wallet, wallet
/// transaction and audit rows: one statement guarded by the wallet's version (after a read, unless this
/// process remembers the account from the investor's previous order), or the locking path when the guard
/// keeps refusing.
struct APIOrderBenchmark {
    let seconds: Int
    let clients: Int
    let investors: Int

    func run() async throws -> BenchMeasurement {
        // Durable commits (fsync on, unlike the test clusters): both sides pay for them.
        let postgres = try PostgresServer(settings: ["max_connections": "200"])
        var logger = Logger(label: "bench.api")
        logger.logLevel = .error
        let store = try await LedgerBackend.postgres(.init(port: postgres.port, maximumConnections: clients)).open(logger: logger)
        let stocks = StockCatalog.seeded
        let ledger = Ledger(store: store, stocks: stocks, quotes: LatestQuotes(stocks.referenceQuotes))
        let accessTokens = try await BenchAPIServer.investors(investors, deposit: 1_000_000_000, in: ledger)
        let server = try await BenchAPIServer.start(ledger: ledger, logger: logger)
        let port = server.port

        // The load comes from wrk, another process like pgbench, so that the client's own work is not counted
        // against the server on the same two cores.
        let wrk = try WrkLoad(script: Self.wrkScript, tokens: accessTokens)
        defer { wrk.cleanUp() }
        func load(_ duration: Int) async throws -> WrkResult {
            try await wrk.run(url: "http://127.0.0.1:\(port)/api/v1/orders", connections: clients, seconds: duration)
        }
        _ = try await load(2)  // warm-up: pool connections, token caches
        let result = try await load(seconds)
        await server.stop()
        await store.close()

        let ours = Double(result.succeeded) / result.seconds
        print("api-order: \(result.succeeded) orders filled in \(String(format: "%.1f", result.seconds)) s with \(clients) connections (\(result.failed) failed), p50 \(String(format: "%.2f", result.p50 * 1000)) ms, p99 \(String(format: "%.2f", result.p99 * 1000)) ms")

        _ = try postgres.client("pgbench", ["-i", "-q", "-s", "10", postgres.database])
        let output = try postgres.client("pgbench", ["-b", "simple-update", "-c", String(clients), "-j", "2", "-T", String(seconds), postgres.database])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).split(separator: " ").first ?? "")
        else { throw BenchError("no tps in pgbench output: \(output)") }
        print("pgbench simple-update: \(String(format: "%.0f", tps)) tps with \(clients) clients")
        return BenchMeasurement(name: "api-order", ours: ours, peer: tps, unit: "tx/s", higherIsBetter: true)
    }

    /// wrk's script: each thread sends market buys with its own slice of the investors' tokens (so that two
    /// connections rarely wait for the same wallet lock, as pgbench's accounts rarely collide); a 201 whose order
    /// came back filled counts as a success.
    static let wrkScript = #"""
        function init(args)
          mine = tokens(args)
          nextToken = 0
          body = '{"stockId":"AAPL","side":"buy","type":"market","quantity":"1"}'
        end
        function request()
          nextToken = nextToken % #mine + 1
          return wrk.format("POST", nil, { ["Authorization"] = mine[nextToken], ["Content-Type"] = "application/json" }, body)
        end
        function response(status, headers, body)
          if status == 201 and string.find(body, '"status":"filled"', 1, true) then ok = ok + 1 else failed = failed + 1 end
        end
        """#
}
