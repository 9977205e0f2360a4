import AsyncHTTPClient
import Foundation
import Serving
import Testing
import TickFlowTestSupport

/// `/metrics`, `/health` and `/ready` over a real socket.
@Suite struct ObservabilityAPITests {
    static func text(_ port: Int, _ path: String) async throws -> (status: Int, body: String, contentType: String?) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers.first(name: "Content-Type"))
    }

    @Test func metricsCountRequestsByRouteAndStatusWithLatencyHistograms() async throws {
        try await withLiveServer { server in
            for _ in 0..<3 { _ = try await server.call(.GET, "/api/v1/stocks/AAPL") }
            _ = try await server.call(.GET, "/api/v1/stocks/NOPE")
            _ = try await server.call(.GET, "/api/v1/balance")
            let metrics = try await Self.text(server.port, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
            let lines = metrics.body.split(separator: "\n").map(String.init)
            func value(_ prefix: String) -> Double? { lines.first { $0.hasPrefix(prefix) }.flatMap { Double($0.split(separator: " ").last ?? "") } }
            #expect(value(#"tickflow_http_responses_total{route="/api/v1/stocks/{stockId}",status="200"}"#) == 3, "\(metrics.body.prefix(3000))")
            #expect(value(#"tickflow_http_responses_total{route="/api/v1/stocks/{stockId}",status="404"}"#) == 1)
            #expect(value(#"tickflow_http_responses_total{route="/api/v1/balance",status="401"}"#) == 1)
            #expect(value(#"tickflow_http_request_duration_seconds_count{route="/api/v1/stocks/{stockId}",method="GET"}"#) == 4)
            #expect(lines.contains { $0.hasPrefix(#"tickflow_http_request_duration_seconds_bucket{route="/api/v1/stocks/{stockId}",method="GET",le="0.001"}"#) })
        }
    }

    @Test func readyReportsTheLedgerAndTheViewsAndStaysReadyWithoutRedis() async throws {
        let redis = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: redis.port, connections: 1, reconnectInterval: .milliseconds(20)))
        defer { pool.close() }
        try await withLiveServer(market: MarketData(views: RedisMarketViewStore(pool: pool))) { server in
            #expect(try await Self.text(server.port, "/health").status == 200)
            let ready = try await server.call(.GET, "/ready")
            #expect(ready.status == 200)
            #expect(ready.string("ledger") == "ok")
            #expect(ready.string("views") == "ok")
            try redis.stop()
            let degraded = try await server.call(.GET, "/ready")
            #expect(degraded.status == 200, "the API answers from the ledger and warehouse without Redis")
            #expect(degraded.string("views")?.hasPrefix("unavailable") == true)
            let quote = try await server.call(.GET, "/api/v1/market-data/quotes/AAPL", token: try await server.register().token)
            #expect(quote.status == 503)
            #expect(quote.string("error") == "CACHE_UNAVAILABLE", "a clear error in the error format, never a hang")
        }
    }
}
