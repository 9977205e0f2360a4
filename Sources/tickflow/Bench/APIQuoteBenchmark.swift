import Foundation
import Logging
import Model
import ProcessSupport
import Serving

/// `api-quote` and `api-quote-p99`: `GET /api/v1/market-data/quotes/{id}` on the API serving its market views
/// from Redis, as `tickflow serve --redis` does, against `redis-benchmark -t get` on the same Redis server in the
/// same run.
///
/// The views hold a quote and a top of book for each instrument of the master. wrk (2 threads, 64 connections,
/// 30 s, another process) cycles through the instruments with one investor's token per connection. Every
/// request is authenticated (JWT), counted against its user's rate limit (limits raised so that none is refused:
/// the counting is measured, not the 429s) as `tickflow serve --redis` counts by default: locally, pushed to
/// Redis every 100 ms (``BatchedRateLimitStore``), and answered with the instrument's quote and top of
/// book read from Redis. Ours: 200 responses/s, and wrk's p99 for `api-quote-p99` against a 5 ms bound; peer:
/// redis-benchmark's GETs/s with as many connections and threads (no pipelining).
struct APIQuoteBenchmark {
    var seconds = 30
    var connections = 64
    var threads = 2

    struct Result {
        var throughput: BenchMeasurement
        var p99: BenchMeasurement
    }

    func run() async throws -> Result {
        let redis = try RedisServer()
        var logger = Logger(label: "bench.api-quote")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-api-quote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let pool = RedisConnectionPool(configuration: .init(port: redis.port))
        defer { pool.close() }
        let views = RedisMarketViewStore(pool: pool)
        let master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        try await views.apply(Self.views(of: master))

        let store = try await LedgerBackend.sqlite(path: directory.appendingPathComponent("ledger.sqlite").path).open(logger: logger)
        let stocks = StockCatalog.seeded
        let ledger = Ledger(store: store, stocks: stocks, quotes: LatestQuotes(stocks.referenceQuotes))
        let tokens = try await BenchAPIServer.investors(connections, deposit: 0, in: ledger)
        let limits = RateLimits(perUser: 1_000_000_000, perAddress: 1_000_000_000, expensivePerUser: 1_000_000_000)
        let server = try await BenchAPIServer.start(
            ledger: ledger, market: MarketData(views: views),
            rateLimiting: RateLimiting(limits: limits, store: ServeCommand.rateLimitStore(RedisRateLimitStore(pool: pool), flushMillis: 100)),
            logger: logger)

        let wrk = try WrkLoad(script: Self.wrkScript, tokens: tokens)
        defer { wrk.cleanUp() }
        let ids = directory.appendingPathComponent("instruments")
        try Data(master.instruments.map(\.id).joined(separator: "\n").utf8).write(to: ids)
        func load(_ duration: Int) async throws -> WrkResult {
            try await wrk.run(
                url: "http://127.0.0.1:\(server.port)/api/v1/market-data/quotes", threads: threads, connections: connections,
                seconds: duration, scriptArguments: [ids.path])
        }
        _ = try await load(3)  // warm-up: Redis connections, verified-token and session caches
        let result = try await load(seconds)
        await server.stop()
        await store.close()
        guard result.succeeded > 0, result.failed == 0 else {
            throw BenchError("api-quote: \(result.failed) of \(result.succeeded + result.failed) requests did not answer 200 with a quote")
        }
        let ours = Double(result.succeeded) / result.seconds
        print("api-quote: \(result.succeeded) quotes in \(String(format: "%.1f", result.seconds)) s with \(connections) connections, \(Int(ours)) requests/s, p50 \(String(format: "%.3f", result.p50 * 1000)) ms, p99 \(String(format: "%.3f", result.p99 * 1000)) ms")

        let peer = try redisBenchmark(port: redis.port, requests: max(200_000, Int(ours) * seconds))
        print("redis-benchmark -t get: \(Int(peer)) requests/s with \(connections) connections, \(threads) threads")
        return Result(
            throughput: BenchMeasurement(name: "api-quote", ours: ours, peer: peer, unit: "req/s", higherIsBetter: true),
            p99: BenchMeasurement(name: "api-quote-p99", ours: result.p99 * 1000, peer: 5, unit: "ms", higherIsBetter: false))
    }

    /// A quote and a top of book per instrument, stamped now.
    static func views(of master: InstrumentMaster) -> [MarketViewUpdate] {
        let now = Timestamp.now()
        return master.instruments.enumerated().flatMap { index, instrument -> [MarketViewUpdate] in
            let mid = 50 + Double(index)
            return [
                .quote(Quote(
                    instrumentId: instrument.id, symbol: instrument.symbol, venue: "XNAS", bidPrice: mid - 0.01, bidSize: 300,
                    askPrice: mid + 0.01, askSize: 200, currency: instrument.currency, sequence: 1, eventTimeNanos: now, ingestTimeNanos: now)),
                .topOfBook(TopOfBook(
                    instrumentId: instrument.id, symbol: instrument.symbol, bidPrice: mid - 0.01, bidSize: 300, bidVenue: "XNAS",
                    askPrice: mid + 0.01, askSize: 200, askVenue: "ARCX", currency: instrument.currency, eventTimeNanos: now, ingestTimeNanos: now)),
            ]
        }
    }

    /// GETs/s of `redis-benchmark -t get` (keys of 3 bytes, values of the default size) on `port`.
    private func redisBenchmark(port: Int, requests: Int) throws -> Double {
        guard let binary = Command.find(["redis-benchmark"], in: ["/usr/bin", "/usr/local/bin"]) else {
            throw BenchError("redis-benchmark not found: run scripts/bootstrap (redis-tools)")
        }
        let output = try Command.check(binary, [
            "-h", "127.0.0.1", "-p", String(port), "-t", "get", "-c", String(connections), "--threads", String(threads),
            "-n", String(requests), "--csv",
        ]).stdout
        // --csv: a header line, then "GET","<requests/s>",…
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("\"GET\"") }),
            let rate = Double(line.split(separator: ",")[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        else { throw BenchError("no GET rate in redis-benchmark's output: \(output)") }
        return rate
    }

    /// wrk's script: each thread takes its slice of the tokens and cycles through the instrument ids (the file
    /// in the third argument); a 200 whose body carries a quote counts as a success.
    static let wrkScript = #"""
        function init(args)
          mine = tokens(args)
          ids = {}
          for line in io.lines(args[3]) do ids[#ids + 1] = line end
          base = wrk.path .. "/"
          nextToken, nextId = 0, id
        end
        function request()
          nextToken = nextToken % #mine + 1
          nextId = nextId % #ids + 1
          return wrk.format("GET", base .. ids[nextId], { ["Authorization"] = mine[nextToken] })
        end
        function response(status, headers, body)
          if status == 200 and string.find(body, '"quote"', 1, true) then ok = ok + 1 else failed = failed + 1 end
        end
        """#
}
