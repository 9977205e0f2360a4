import AsyncHTTPClient
import Foundation
import Logging
import Model
import NIOCore
import NIOHTTP1
import ProcessSupport
import Serving
import ServiceLifecycle

/// `api-order`: POST /orders (market buy of one share, filled in the same transaction) on the ledger API
/// over Postgres, against pgbench's built-in simple-update script on the same cluster, in the same run.
///
/// Both sides run `clients` concurrent clients for the same time. Ours: orders/s that came back 201
/// filled (each is one transaction that locks the wallet, writes the order, fill, holding, transaction and
/// audit rows), with p99 latency; peer: pgbench transactions/s.
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

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: clients)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // Warm up connections and caches, then measure.
        _ = try await load(client: client, port: port, tokens: accessTokens, duration: .seconds(2))
        let (filled, failed, latencies, elapsed) = try await load(client: client, port: port, tokens: accessTokens, duration: .seconds(seconds))
        try await client.shutdown()
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        await store.close()

        let sorted = latencies.sorted()
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        let ours = Double(filled) / elapsed
        print("api-order: \(filled) orders filled in \(String(format: "%.1f", elapsed)) s with \(clients) clients (\(failed) failed), p99 \(String(format: "%.2f", p99 * 1000)) ms")

        _ = try postgres.client("pgbench", ["-i", "-q", "-s", "10", postgres.database])
        let output = try postgres.client("pgbench", ["-b", "simple-update", "-c", String(clients), "-j", "2", "-T", String(seconds), postgres.database])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).split(separator: " ").first ?? "")
        else { throw BenchError("no tps in pgbench output: \(output)") }
        print("pgbench simple-update: \(String(format: "%.0f", tps)) tps with \(clients) clients")
        return BenchMeasurement(name: "api-order", ours: ours, peer: tps, unit: "tx/s", higherIsBetter: true)
    }

    private func load(client: HTTPClient, port: Int, tokens: [String], duration: Duration) async throws -> (Int, Int, [Double], Double) {
        let body = #"{"stockId":"AAPL","side":"buy","type":"market","quantity":"1"}"#
        let start = ContinuousClock.now
        let deadline = start + duration
        let results = try await withThrowingTaskGroup(of: (Int, Int, [Double]).self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var filled = 0
                    var failed = 0
                    var latencies: [Double] = []
                    let token = tokens[worker % tokens.count]
                    while ContinuousClock.now < deadline {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/orders")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: body))
                        let sent = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        let bytes = try await response.body.collect(upTo: 1 << 20)
                        latencies.append((ContinuousClock.now - sent).seconds)
                        if response.status == .created, bytes.readableBytesView.firstRange(of: Array(#""status":"filled""#.utf8)) != nil {
                            filled += 1
                        } else {
                            failed += 1
                        }
                    }
                    return (filled, failed, latencies)
                }
            }
            var total = (0, 0, [Double]())
            for try await result in group {
                total.0 += result.0
                total.1 += result.1
                total.2 += result.2
            }
            return total
        }
        return (results.0, results.1, results.2, (ContinuousClock.now - start).seconds)
    }
}
