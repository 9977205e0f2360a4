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
/// pgbench with two). Ours: orders/s that came back 201 filled (each is one transaction that locks the wallet,
/// writes the order, fill, holding, transaction and audit rows), with wrk's p50 and p99; peer: pgbench
/// transactions/s.
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
        let tokens = await TokenService(secret: "bench-secret-0123456789abcdef0123")
        var accessTokens: [String] = []
        for index in 0..<investors {
            let user = try await ledger.register(email: "bench-\(index)@example.com", name: "Bench \(index)", role: .investor, passwordHash: "-")
            _ = try await ledger.createTransaction(userId: user.id, kind: .deposit, amount: 1_000_000_000, actor: Principal(userId: user.id, role: .investor))
            accessTokens.append(try await tokens.login(user, ledger: ledger).accessToken)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = await LedgerServer.application(
            ledger: ledger, configuration: .init(host: "127.0.0.1", port: 0, jwtSecret: "bench-secret-0123456789abcdef0123", bcryptCost: 4),
            logger: logger, onServerRunning: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        let server = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw BenchError("the API did not start") }

        // The load comes from wrk, another process like pgbench, so that the client's own work is not counted
        // against the server on the same two cores.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-api-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("order.lua"), tokenFile = directory.appendingPathComponent("tokens")
        try Data(Self.wrkScript.utf8).write(to: script)
        try Data(accessTokens.joined(separator: "\n").utf8).write(to: tokenFile)
        let threads = 2
        func load(_ duration: Int) async throws -> WrkResult {
            try await WrkResult(running: [
                "-t", String(threads), "-c", String(clients), "-d", "\(duration)s", "-s", script.path,
                "http://127.0.0.1:\(port)/api/v1/orders", "--", tokenFile.path, String(threads),
            ])
        }
        _ = try await load(2)  // warm-up: pool connections, token caches
        let result = try await load(seconds)
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        await store.close()

        let ours = Double(result.filled) / result.seconds
        print("api-order: \(result.filled) orders filled in \(String(format: "%.1f", result.seconds)) s with \(clients) connections (\(result.failed) failed), p50 \(String(format: "%.2f", result.p50 * 1000)) ms, p99 \(String(format: "%.2f", result.p99 * 1000)) ms")

        _ = try postgres.client("pgbench", ["-i", "-q", "-s", "10", postgres.database])
        let output = try postgres.client("pgbench", ["-b", "simple-update", "-c", String(clients), "-j", "2", "-T", String(seconds), postgres.database])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).split(separator: " ").first ?? "")
        else { throw BenchError("no tps in pgbench output: \(output)") }
        print("pgbench simple-update: \(String(format: "%.0f", tps)) tps with \(clients) clients")
        return BenchMeasurement(name: "api-order", ours: ours, peer: tps, unit: "tx/s", higherIsBetter: true)
    }

    /// wrk's script: each thread sends market buys with its own slice of the investors' tokens (so that two
    /// connections rarely wait for the same wallet lock, as pgbench's accounts rarely collide), counts the 201
    /// responses whose order came back filled, and prints one summary line at the end.
    static let wrkScript = #"""
        local threads, count = {}, 0
        function setup(thread)
          thread:set("id", count)
          count = count + 1
          table.insert(threads, thread)
        end
        function init(args)
          local n, i = tonumber(args[2]), 0
          mine = {}
          for line in io.lines(args[1]) do
            if i % n == id then mine[#mine + 1] = "Bearer " .. line end
            i = i + 1
          end
          next, filled, failed = 0, 0, 0
          body = '{"stockId":"AAPL","side":"buy","type":"market","quantity":"1"}'
        end
        function request()
          next = next % #mine + 1
          return wrk.format("POST", nil, { ["Authorization"] = mine[next], ["Content-Type"] = "application/json" }, body)
        end
        function response(status, headers, body)
          if status == 201 and string.find(body, '"status":"filled"', 1, true) then filled = filled + 1 else failed = failed + 1 end
        end
        function done(summary, latency, requests)
          local f, x = 0, 0
          for _, t in ipairs(threads) do f, x = f + t:get("filled"), x + t:get("failed") end
          local e = summary.errors
          io.write(string.format("WRK filled=%d failed=%d errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
            f, x, e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(50), latency:percentile(99)))
        end
        """#
}

/// The summary line of ``APIOrderBenchmark/wrkScript``.
struct WrkResult {
    var filled = 0, failed = 0
    var seconds = 0.0, p50 = 0.0, p99 = 0.0

    /// Runs wrk with `arguments` and reads its summary line.
    ///
    /// - Throws: ``BenchError`` when wrk is missing (`scripts/bootstrap` installs it), fails, or prints no summary.
    init(running arguments: [String]) async throws {
        guard let wrk = Command.find(["wrk"]) else { throw BenchError("wrk not found: run scripts/bootstrap") }
        let output = try await Command.runDetached(wrk, arguments)
        guard output.status == 0, let line = output.stdout.split(separator: "\n").first(where: { $0.hasPrefix("WRK ") }) else {
            throw BenchError("wrk exited \(output.status) without a summary: \(output.stderr)\(output.stdout)")
        }
        var fields: [Substring: Int] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { fields[parts[0]] = value }
        }
        guard let duration = fields["duration_us"], duration > 0 else { throw BenchError("wrk summary without a duration: \(line)") }
        filled = fields["filled"] ?? 0
        failed = (fields["failed"] ?? 0) + (fields["errors"] ?? 0)
        seconds = Double(duration) / 1e6
        p50 = Double(fields["p50_us"] ?? 0) / 1e6
        p99 = Double(fields["p99_us"] ?? 0) / 1e6
    }
}
