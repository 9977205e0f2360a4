import Foundation
import HummingbirdWSClient
import Logging
import Serving
import Testing
import TickFlowTestSupport

/// Rate limits over a real socket, with small budgets.
@Suite struct RateLimitAPITests {
    static let limits = RateLimits(perUser: 30, perAddress: 5, expensivePerUser: 3)
    /// 20 s into a window: every request of a test falls in the same one, whatever the wall clock says.
    static let clock: @Sendable () -> Int64 = { 1_772_461_820_000_000_000 }

    @Test func budgetsPerUserPerAddressAndForRiskEndTo429WithRetryAfter() async throws {
        try await withLiveServer(rateLimiting: RateLimiting(limits: Self.limits, clock: Self.clock)) { server in
            let ada = try await server.register()  // unauthenticated: 1 of the address's 5
            for _ in 0..<4 { #expect(try await server.call(.GET, "/api/v1/stocks/AAPL").status == 200) }
            let refused = try await server.call(.GET, "/api/v1/stocks/AAPL")
            #expect(refused.status == 429)
            #expect(refused.string("error") == "RATE_LIMITED")
            #expect(refused.headers.first(name: "Retry-After") == "40", "the window ends 40 s after the pinned clock")

            // Ada's own budget is untouched by the address's.
            for _ in 0..<3 {
                let risk = try await server.call(.POST, "/api/v1/risk/correlation-matrix", token: ada.token, body: ["instrumentIds": ["AAPL", "MSFT"]])
                #expect(risk.status == 422, "no bars: but not limited")
            }
            let expensive = try await server.call(.POST, "/api/v1/risk/correlation-matrix", token: ada.token, body: ["instrumentIds": ["AAPL", "MSFT"]])
            #expect(expensive.status == 429)
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 200, "the cheap endpoints still answer")

            var statuses: [Int] = []
            for _ in 0..<30 { statuses.append(try await server.call(.GET, "/api/v1/balance", token: ada.token).status) }
            #expect(statuses.filter { $0 == 429 }.count == 5, "30 per user: 4 risk + 21 balance pass, then refused")
            #expect(try await server.call(.GET, "/api/v1/balance", apiKey: LiveLedgerServer.apiKey).status != 429, "system requests are not limited")
        }
    }

    @Test func webSocketUpgradesCountAgainstTheUsersBudget() async throws {
        let limits = RateLimits(perUser: 3, perAddress: 5, expensivePerUser: 3)
        try await withLiveServer(rateLimiting: RateLimiting(limits: limits, clock: Self.clock)) { server in
            let ada = try await server.register()
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders[.authorization] = "Bearer \(ada.token)"
            func openAndClose() async throws {
                _ = try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(server.port)/api/v1/market-data/ws?instrumentIds=AAPL", configuration: configuration,
                    logger: Logger(label: "test.ws")
                ) { _, outbound, _ in try await outbound.close(.normalClosure, reason: nil) }
            }
            for _ in 0..<3 { try await openAndClose() }
            // The three upgrades spent Ada's budget: a fourth socket is refused, and so is her next request.
            await #expect(throws: (any Error).self) { try await openAndClose() }
            let refused = try await server.call(.GET, "/api/v1/market-data/ws?instrumentIds=AAPL", token: ada.token)
            #expect(refused.status == 429)
            #expect(refused.headers.first(name: "Retry-After") == "40")
            #expect(try await server.call(.GET, "/api/v1/balance", token: ada.token).status == 429)
        }
    }

    @Test func withRedisGoneRequestsAreLetThrough() async throws {
        let redis = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: redis.port, connections: 1, reconnectInterval: .milliseconds(20)))
        defer { pool.close() }
        let limiting = RateLimiting(limits: Self.limits, store: RedisRateLimitStore(pool: pool), clock: Self.clock)
        try await withLiveServer(rateLimiting: limiting) { server in
            for _ in 0..<5 { #expect(try await server.call(.GET, "/api/v1/stocks/AAPL").status == 200) }
            #expect(try await server.call(.GET, "/api/v1/stocks/AAPL").status == 429)
            try redis.stop()
            for _ in 0..<10 { #expect(try await server.call(.GET, "/api/v1/stocks/AAPL").status == 200, "fail open, never 5xx") }
            try redis.start()
            var limited = false
            for _ in 0..<50 where !limited {
                try await Task.sleep(for: .milliseconds(20))
                limited = try await server.call(.GET, "/api/v1/stocks/AAPL").status == 429
            }
            #expect(limited, "limits apply again once Redis is back (a restarted Redis starts the window afresh)")
        }
    }
}
