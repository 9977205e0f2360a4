import Model
import Serving
import Testing
import TickFlowTestSupport

/// Which ``MarketViewStore`` a contract test runs against.
enum ViewStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case redis

    var testDescription: String { rawValue }
}

/// Runs `body` with a fresh store of `kind` (a real `redis-server` on a free port for `.redis`).
func withViewStore(
    _ kind: ViewStoreKind, limits: MarketViewLimits = MarketViewLimits(), _ body: (any MarketViewStore) async throws -> Void
) async throws {
    switch kind {
    case .memory:
        try await body(InMemoryMarketViewStore(limits: limits))
    case .redis:
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2))
        defer { pool.close() }
        try await body(RedisMarketViewStore(pool: pool, limits: limits))
    }
}

/// Realistic market values for the view tests: Apple and Siemens, 2026-03-02 from 14:30 UTC (the US open).
enum Views {
    static let aapl = "0b9a5e1c-6f4e-4c7e-9a49-3f1e1f0a0001"
    static let sie = "0b9a5e1c-6f4e-4c7e-9a49-3f1e1f0a0002"
    static let open: Int64 = 1_772_461_800_000_000_000
    static let minute: Int64 = 60_000_000_000

    static func quote(_ id: String = aapl, bid: Double, ask: Double, at offset: Int64) -> Quote {
        Quote(instrumentId: id, symbol: id == aapl ? "AAPL" : "SIE", venue: "XNAS", bidPrice: bid, bidSize: 300, askPrice: ask,
              askSize: 200, currency: id == aapl ? "USD" : "EUR", sequence: UInt64(offset), eventTimeNanos: open + offset,
              ingestTimeNanos: open + offset + 1_000_000)
    }

    static func book(_ id: String = aapl, bid: Double, ask: Double, at offset: Int64) -> TopOfBook {
        TopOfBook(instrumentId: id, symbol: id == aapl ? "AAPL" : "SIE", bidPrice: bid, bidSize: 500, bidVenue: "XNAS",
                  askPrice: ask, askSize: 400, askVenue: "BATS", currency: "USD", eventTimeNanos: open + offset,
                  ingestTimeNanos: open + offset + 2_000_000)
    }

    static func bar(_ id: String = aapl, minute index: Int64, close: Double, revision: UInt32 = 0, interval: BarInterval = .oneMinute) -> Bar {
        Bar(instrumentId: id, symbol: "AAPL", interval: interval, windowStartNanos: open + index * minute, open: close - 0.2,
            high: close + 0.3, low: close - 0.4, close: close, volume: 12_400, vwap: close - 0.05, tradeCount: 87,
            currency: "USD", notionalBase: 12_400 * (close - 0.05), baseCurrency: "USD", revision: revision,
            eventTimeNanos: open + (index + 1) * minute, ingestTimeNanos: open + (index + 1) * minute + 5_000_000)
    }

    static func risk(_ portfolio: String, _ kind: RiskMetricKind, _ method: RiskMethod, confidence: Double, value: Double, at offset: Int64) -> RiskMetric {
        RiskMetric(portfolioId: portfolio, kind: kind, method: method, confidence: confidence, horizonDays: 1, value: value,
                   currency: "USD", eventTimeNanos: open + offset, ingestTimeNanos: open + offset + 1)
    }

    static func anomaly(_ id: String = aapl, score: Double, at offset: Int64) -> Anomaly {
        Anomaly(instrumentId: id, symbol: id == aapl ? "AAPL" : "SIE", score: score, components: ["return": score, "volume": 0.1],
                threshold: 0.8, detector: "robust-z", eventTimeNanos: open + offset, ingestTimeNanos: open + offset + 1)
    }
}
