import Foundation
import Model
import Serving
import Synchronization
import Testing
import TickFlowTestSupport

/// The API under load while its `redis-server` is stopped and started again.
@Suite struct RedisOutageAPITests {
    struct Answer: Sendable {
        var path: String
        var status: Int
        var error: String?
    }

    enum Phase: Int, Sendable { case before, down, back }

    /// What the workers share with the test.
    final class Load: Sendable {
        let phase = Atomic<Int>(Phase.before.rawValue)
        let stop = Atomic<Bool>(false)
        let answers = Mutex<[(Phase?, Answer)]>([])

        /// Waits until `count` quote answers and `count` ledger answers belong to `phase`.
        func waitFor(_ count: Int, _ phase: Phase) async throws {
            while true {
                let (quotes, ledger) = answers.withLock { all in
                    let mine = all.filter { $0.0 == phase }
                    return (mine.filter { $0.1.path.hasSuffix("/quotes/AAPL") }.count, mine.filter { $0.1.path.hasSuffix("/stocks/AAPL") }.count)
                }
                if quotes >= count, ledger >= count { return }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Workers keep asking for a quote (Redis views) and a stock (the ledger); midway Redis stops, later it starts
    /// again empty and the views are written anew (as the views sink does when it catches up). Every request is
    /// answered — ledger requests always 200, even with the rate-limit counters gone (they fail open); quotes 503
    /// `CACHE_UNAVAILABLE` while Redis is away, then 200 again without anyone reconnecting anything by hand.
    @Test func theAPIKeepsAnsweringThroughARedisRestartAndRecoversByItself() async throws {
        let redis = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: redis.port, connections: 4, reconnectInterval: .milliseconds(50)))
        defer { pool.close() }
        let views = RedisMarketViewStore(pool: pool)
        let aapl = PriceWarehouse.id("AAPL")
        let seed: [MarketViewUpdate] = [.quote(Views.quote(aapl, bid: 189.40, ask: 189.43, at: 1)), .topOfBook(Views.book(aapl, bid: 189.40, ask: 189.43, at: 1))]
        try await views.apply(seed)
        let limiting = RateLimiting(limits: RateLimits(perUser: 1_000_000, perAddress: 1_000_000), store: RedisRateLimitStore(pool: pool))

        try await withLiveServer(market: MarketData(views: views), rateLimiting: limiting) { server in
            let token = try await server.register().token
            let load = Load()
            let workers = (0..<8).map { worker in
                Task {
                    var index = 0
                    while !load.stop.load(ordering: .relaxed) {
                        let path = (worker + index) % 2 == 0 ? "/api/v1/market-data/quotes/AAPL" : "/api/v1/stocks/AAPL"
                        let during = Phase(rawValue: load.phase.load(ordering: .relaxed))!
                        let answer = try await server.call(.GET, path, token: token)
                        // A request sent as the phase changed belongs to neither.
                        let phase = during.rawValue == load.phase.load(ordering: .relaxed) ? during : nil
                        load.answers.withLock { $0.append((phase, Answer(path: path, status: answer.status, error: answer.string("error")))) }
                        index += 1
                    }
                }
            }
            // Phases end on counts, not on the clock: under a loaded machine a phase takes as long as it needs.
            try await load.waitFor(10, .before)
            try redis.stop()
            load.phase.store(Phase.down.rawValue, ordering: .relaxed)
            try await load.waitFor(10, .down)
            try redis.start()
            // The pool reconnects by itself; the sink would write the views again as it catches up.
            var restored = false
            for _ in 0..<500 where !restored {
                restored = (try? await views.apply(seed)) != nil
                if !restored { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(restored, "writes reach the restarted Redis")
            load.phase.store(Phase.back.rawValue, ordering: .relaxed)
            try await load.waitFor(10, .back)
            load.stop.store(true, ordering: .relaxed)
            for worker in workers { try await worker.value }

            let all = load.answers.withLock { $0 }
            let ledger = all.filter { $0.1.path.hasSuffix("/stocks/AAPL") }
            let quotes = all.filter { $0.1.path.hasSuffix("/quotes/AAPL") }
            #expect(ledger.allSatisfy { $0.1.status == 200 }, "the ledger answers whatever Redis does: \(Set(ledger.map(\.1.status)))")
            #expect(quotes.filter { $0.0 == .before }.allSatisfy { $0.1.status == 200 })
            let down = quotes.filter { $0.0 == .down }
            #expect(down.contains { $0.1.status == 503 }, "quotes answer 503 while Redis is away")
            #expect(down.allSatisfy { [200, 404, 503].contains($0.1.status) })
            #expect(down.filter { $0.1.status == 503 }.allSatisfy { $0.1.error == "CACHE_UNAVAILABLE" })
            let back = quotes.filter { $0.0 == .back }
            #expect(back.suffix(5).allSatisfy { $0.1.status == 200 }, "quotes are served again once Redis is back: \(back.suffix(5).map(\.1.status))")
        }
    }
}
