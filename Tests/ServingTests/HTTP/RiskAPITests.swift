import Analytics
import Foundation
import Model
import Serving
import Testing
import TickFlowTestSupport

/// `/risk/var` and `/risk/correlation-matrix` over a real socket, checked against numpy on the same bars.
@Suite struct RiskAPITests {
    static let symbols = ["AAPL", "MSFT", "JPM"]
    static let day0: Int64 = 1_767_225_600_000_000_000  // 2026-01-01T00:00:00Z
    static let days = 60

    /// Daily closes: a deterministic random walk per stock (xorshift normals, 1–2 % daily volatility, a common
    /// factor so the stocks correlate).
    static func closes() -> [[Double]] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * Foundation.log(uniform())).squareRoot() * Foundation.cos(2 * .pi * uniform()) }
        var prices = [189.25, 415.10, 198.40]
        var series = [[Double]](repeating: [], count: 3)
        for _ in 0..<days {
            let market = normal()
            for i in 0..<3 {
                prices[i] *= Foundation.exp(0.01 * (0.7 * market + Double(i + 1) * 0.4 * normal()))
                series[i].append(prices[i])
            }
        }
        return series
    }

    /// Views holding the daily bars of the three stocks.
    static func market() async throws -> MarketData {
        let views = InMemoryMarketViewStore()
        try await views.apply(dailyBars())
        return MarketData(views: views)
    }

    /// The daily bars of the three stocks, their notionals in `baseCurrency` at `baseRate` units per dollar.
    static func dailyBars(baseCurrency: String = "USD", baseRate: Double = 1) -> [MarketViewUpdate] {
        let closes = Self.closes()
        var updates: [MarketViewUpdate] = []
        for (i, symbol) in symbols.enumerated() {
            for day in 0..<days {
                let start = day0 + Int64(day) * Timestamp.nanosPerDay
                let close = closes[i][day]
                updates.append(.bar(Bar(
                    instrumentId: PriceWarehouse.id(symbol), symbol: symbol, interval: .oneDay, windowStartNanos: start, open: close,
                    high: close, low: close, close: close, volume: 1_000, vwap: close, tradeCount: 10, currency: "USD",
                    notionalBase: close * 1_000 * baseRate, baseCurrency: baseCurrency, eventTimeNanos: start + Timestamp.nanosPerDay - 1, ingestTimeNanos: start)))
            }
        }
        return updates
    }

    struct Reference: Codable {
        var parametricVaR: Double
        var parametricES: Double
        var historicalVaR: Double
        var historicalES: Double
        var component: [Double]
        var correlation: [[Double]]
    }

    /// numpy on the same closes: the last 41 windows, log returns, EWMA covariance (λ 0.94, zero start,
    /// divided by 1 − λᵀ), exposures at the last closes; parametric VaR/ES and component VaR in closed form,
    /// historical VaR/ES with `np.quantile` over today's exposures.
    static func reference(quantities: [Double], lookback: Int, confidence: Double, horizon: Double) throws -> Reference {
        struct Input: Codable { var closes: [[Double]]; var quantities: [Double]; var lookback: Int; var confidence: Double; var horizon: Double }
        return try PythonReference.run("""
            from scipy.stats import norm
            closes = np.array(data["closes"]).T[-(data["lookback"] + 1):]
            r = np.diff(np.log(closes), axis=0)
            lam = 0.94
            cov = np.zeros((r.shape[1], r.shape[1]))
            for v in r:
                cov = lam * cov + (1 - lam) * np.outer(v, v)
            cov /= 1 - lam ** len(r)
            w = np.array(data["quantities"]) * closes[-1]
            c, h = data["confidence"], data["horizon"]
            z = norm.ppf(c)
            sigma = np.sqrt(w @ cov @ w)
            pnl = (np.expm1(r) * w).sum(axis=1)
            losses = -pnl
            q = np.quantile(losses, c)
            d = np.sqrt(np.diag(cov))
            print(json.dumps({
                "parametricVaR": z * sigma * np.sqrt(h), "parametricES": norm.pdf(z) / (1 - c) * sigma * np.sqrt(h),
                "historicalVaR": q * np.sqrt(h), "historicalES": losses[losses >= q].mean() * np.sqrt(h),
                "component": list(w * (cov @ w) / sigma * z * np.sqrt(h)),
                "correlation": (cov / np.outer(d, d)).tolist()}))
            """, input: Input(closes: closes(), quantities: quantities, lookback: lookback, confidence: confidence, horizon: horizon))
    }

    static let asOf = Timestamp.iso8601(day0 + Int64(days) * Timestamp.nanosPerDay)

    static func varBody(_ method: String, extra: [String: Any] = [:]) -> [String: Any] {
        [
            "holdings": [["stockId": "AAPL", "quantity": "100"], ["stockId": "MSFT", "quantity": "50"], ["stockId": "JPM", "quantity": "-30"]],
            "method": method, "confidence": 0.99, "horizonDays": 10, "lookback": 40, "asOf": asOf,
        ].merging(extra) { $1 }
    }

    @Test func valueAtRiskByEachMethodMatchesNumpyOnTheSameBars() async throws {
        let reference = try Self.reference(quantities: [100, 50, -30], lookback: 40, confidence: 0.99, horizon: 10)
        try await withLiveServer(market: try await Self.market()) { server in
            let ada = try await server.register()
            let parametric = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric"))
            #expect(parametric.status == 200)
            let pVaR = try #require(parametric["valueAtRisk"] as? Double)
            #expect(abs(pVaR - reference.parametricVaR) <= 1e-9 * reference.parametricVaR)
            #expect(abs((parametric["expectedShortfall"] as? Double ?? 0) - reference.parametricES) <= 1e-9 * reference.parametricES)
            #expect(parametric["observations"] as? Int == 40)
            #expect(parametric.string("asOf") == Timestamp.iso8601(Self.day0 + Int64(Self.days - 1) * Timestamp.nanosPerDay), "the last bar's window")
            let components = parametric["holdings"] as? [[String: Any]] ?? []
            let split = components.compactMap { $0["componentVaR"] as? Double }
            #expect(split.count == 3)
            for (ours, theirs) in zip(split, reference.component) { #expect(abs(ours - theirs) <= 1e-9 * reference.parametricVaR) }
            #expect(abs(split.reduce(0, +) - pVaR) <= 1e-9 * pVaR, "components add up to the VaR")

            let historical = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("historical"))
            let hVaR = try #require(historical["valueAtRisk"] as? Double)
            #expect(abs(hVaR - reference.historicalVaR) <= 1e-9 * reference.historicalVaR)
            #expect(abs((historical["expectedShortfall"] as? Double ?? 0) - reference.historicalES) <= 1e-9 * reference.historicalES)

            // Monte Carlo on the same covariance: normal shocks converge on the parametric figure. With 20,000
            // scenarios the 99 % quantile's standard error is about 1.1 % of it; 5 % is over four of them.
            let monteCarlo = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("monte-carlo", extra: ["scenarios": 20_000, "seed": 7]))
            let mVaR = try #require(monteCarlo["valueAtRisk"] as? Double)
            #expect(abs(mVaR - reference.parametricVaR) <= 0.05 * reference.parametricVaR)
            let again = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("monte-carlo", extra: ["scenarios": 20_000, "seed": 7]))
            #expect(again["valueAtRisk"] as? Double == mVaR, "seeded: the same answer twice")
        }
    }

    @Test func aServerWithAnotherBaseCurrencyValuesRiskInItFromTheBarsNotionals() async throws {
        let reference = try Self.reference(quantities: [100, 50, -30], lookback: 40, confidence: 0.99, horizon: 10)
        // A stream enriching into EUR at 0.92 EUR per dollar: the bars keep their USD prices and carry EUR notionals.
        let views = InMemoryMarketViewStore()
        try await views.apply(Self.dailyBars(baseCurrency: "EUR", baseRate: 0.92))
        try await withLiveServer(market: MarketData(views: views), baseCurrency: "EUR") { server in
            let ada = try await server.register()
            let answer = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric"))
            #expect(answer.status == 200)
            #expect(answer.string("currency") == "EUR")
            let euros = try #require(answer["valueAtRisk"] as? Double)
            #expect(abs(euros - 0.92 * reference.parametricVaR) <= 1e-9 * reference.parametricVaR)
        }
        // A dollar server values the same bars at their own prices, which are in dollars.
        try await withLiveServer(market: MarketData(views: views)) { server in
            let ada = try await server.register()
            let answer = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric"))
            #expect(answer.string("currency") == "USD")
            let dollars = try #require(answer["valueAtRisk"] as? Double)
            #expect(abs(dollars - reference.parametricVaR) <= 1e-9 * reference.parametricVaR)
        }
        // A yen server has neither: 422, naming the currency.
        try await withLiveServer(market: MarketData(views: views), baseCurrency: "JPY") { server in
            let ada = try await server.register()
            let answer = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric"))
            #expect(answer.status == 422)
            #expect(answer.string("error") == "NO_PRICE_HISTORY")
            #expect(answer.string("message")?.contains("JPY") == true)
        }
    }

    @Test func theCorrelationMatrixMatchesNumpy() async throws {
        let reference = try Self.reference(quantities: [1, 1, 1], lookback: 40, confidence: 0.99, horizon: 1)
        try await withLiveServer(market: try await Self.market()) { server in
            let ada = try await server.register()
            let answer = try await server.call(.POST, "/api/v1/risk/correlation-matrix", token: ada.token, body: [
                "instrumentIds": Self.symbols, "lookback": 40, "asOf": Self.asOf,
            ])
            #expect(answer.status == 200)
            let matrix = try #require(answer["matrix"] as? [[Double]])
            #expect(matrix.count == 3)
            for i in 0..<3 {
                for j in 0..<3 { #expect(abs(matrix[i][j] - reference.correlation[i][j]) <= 1e-12) }
            }
            #expect((answer["instruments"] as? [[String: Any]])?.compactMap { $0["symbol"] as? String } == Self.symbols)
        }
    }

    @Test func badRequestsNameTheFieldAndMissingHistoryIsA422() async throws {
        try await withLiveServer(market: try await Self.market()) { server in
            let ada = try await server.register()
            let cases: [([String: Any], String)] = [
                (Self.varBody("parametric", extra: ["method": "guess"]), "method"),
                (Self.varBody("parametric", extra: ["confidence": 1.2]), "confidence"),
                (Self.varBody("parametric", extra: ["holdings": [["stockId": "NOPE", "quantity": "1"]]]), "holdings[0].stockId"),
                (Self.varBody("parametric", extra: ["lookback": 5]), "lookback"),
                (Self.varBody("parametric", extra: ["interval": "2h"]), "interval"),
                (Self.varBody("parametric", extra: ["portfolioId": "p-1"]), "portfolioId"),
            ]
            for (body, field) in cases {
                let answer = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: body)
                #expect(answer.status == 400, "\(field)")
                #expect(answer.string("field") == field)
            }
            // 59 daily returns exist: a longer lookback uses them all and says so…
            let longer = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric", extra: ["lookback": 100]))
            #expect(longer.status == 200)
            #expect(longer["observations"] as? Int == 59)
            // …but as of day 15 there are only 14, fewer than the 20 an estimate needs.
            let early = Timestamp.iso8601(Self.day0 + 15 * Timestamp.nanosPerDay)
            let short = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric", extra: ["asOf": early]))
            #expect(short.status == 422)
            #expect(short.string("error") == "NO_PRICE_HISTORY")
            #expect(short.string("field") == "lookback")
            let unpriced = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: Self.varBody("parametric", extra: ["holdings": [["stockId": "XOM", "quantity": "1"]]]))
            #expect(unpriced.status == 422)
            #expect(unpriced.string("message")?.contains(PriceWarehouse.id("XOM")) == true)

            // Another investor's portfolio is not found, never valued.
            let bob = try await server.register(name: "Bob")
            let portfolio = try await server.call(.POST, "/api/v1/portfolios", token: bob.token, body: ["name": "B", "holdings": [["stockId": "AAPL", "quantity": "5", "costBasis": "900"]]])
            let id = try #require(portfolio.string("id"))
            let foreign = try await server.call(.POST, "/api/v1/risk/var", token: ada.token, body: ["portfolioId": id, "lookback": 40, "asOf": Self.asOf])
            #expect(foreign.status == 404)
            let own = try await server.call(.POST, "/api/v1/risk/var", token: bob.token, body: ["portfolioId": id, "lookback": 40, "asOf": Self.asOf])
            #expect(own.status == 200)
            #expect((own["portfolioValue"] as? Double ?? 0) > 0)
            #expect(try await server.call(.POST, "/api/v1/risk/var", body: Self.varBody("parametric")).status == 401)
        }
    }
}

/// `/risk/stress-test` and `/risk/dashboard/{id}` over a real socket.
@Suite struct RiskStressAndDashboardAPITests {
    static func lastCloses() -> [Double] { RiskAPITests.closes().map { $0.last! } }

    @Test func hypotheticalCustomAndHistoricalScenariosOnAdHocHoldings() async throws {
        let daily = try await RiskAPITests.market()
        // A past window in the warehouse: Apple's first daily bar opens at 162 (0.9 × 180), its last closes at 170.
        let warehouse = try PriceWarehouse()
        defer { warehouse.remove() }
        let windowStart: Int64 = 1_735_689_600_000_000_000  // 2025-01-01
        try warehouse.bars(.oneDay, [("AAPL", 180, windowStart + 3_600_000_000_000, 0), ("AAPL", 170, windowStart + 5 * Timestamp.nanosPerDay, 0)])
        let market = MarketData(views: daily.views, history: WarehouseBarHistory(store: warehouse.store))
        try await withLiveServer(market: market) { server in
            let ada = try await server.register()
            let answer = try await server.call(.POST, "/api/v1/risk/stress-test", token: ada.token, body: [
                "holdings": [["stockId": "AAPL", "quantity": "100"], ["stockId": "MSFT", "quantity": "50"], ["stockId": "JPM", "quantity": "-30"]],
                "asOf": RiskAPITests.asOf, "scenarios": ["equities -20%", "fx +10%"],
                "custom": [["name": "banks -30%", "sector": "Financials", "change": -0.3]],
                "historical": [["name": "early 2025", "from": "2025-01-01T00:00:00Z", "to": "2025-01-10T00:00:00Z"]],
            ])
            #expect(answer.status == 200)
            let closes = Self.lastCloses()
            let values = [100 * closes[0], 50 * closes[1], -30 * closes[2]]
            #expect(abs((answer["portfolioValue"] as? Double ?? 0) - values.reduce(0, +)) <= 1e-9)
            let scenarios = answer["scenarios"] as? [[String: Any]] ?? []
            #expect(scenarios.compactMap { $0["name"] as? String } == ["equities -20%", "fx +10%", "banks -30%", "early 2025"])
            let pnl = scenarios.compactMap { $0["pnl"] as? Double }
            #expect(abs(pnl[0] - (-0.2 * values.reduce(0, +))) <= 1e-9)
            #expect(pnl[1] == 0, "every holding is in the base currency")
            #expect(abs(pnl[2] - (-0.3 * values[2])) <= 1e-9, "the short bank position gains")
            #expect(abs(pnl[3] - values[0] * (170.0 / 162.0 - 1)) <= 1e-9)
            #expect(scenarios[3]["kind"] as? String == "historical")
            #expect((scenarios[3]["missing"] as? [String])?.sorted() == [PriceWarehouse.id("MSFT"), PriceWarehouse.id("JPM")].sorted())

            let unknown = try await server.call(.POST, "/api/v1/risk/stress-test", token: ada.token, body: [
                "holdings": [["stockId": "AAPL", "quantity": "1"]], "asOf": RiskAPITests.asOf, "scenarios": ["martians"],
            ])
            #expect(unknown.status == 400)
            #expect(unknown.string("field") == "scenarios[0]")
        }
    }

    @Test func theDashboardGathersValueExposuresRiskVolatilityAndAnomalies() async throws {
        let views = InMemoryMarketViewStore()
        let aapl = PriceWarehouse.id("AAPL"), jpm = PriceWarehouse.id("JPM")
        let minute = Timestamp.floor(Timestamp.now() - 10 * Timestamp.nanosPerMinute, toMultipleOf: Timestamp.nanosPerMinute)
        try await views.apply([.bar(Views.bar(aapl, minute: 0, close: 190.5).moved(to: minute))])
        try await withLiveServer(market: MarketData(views: views)) { server in
            let ada = try await server.register()
            let created = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: [
                "name": "Core", "holdings": [["stockId": "AAPL", "quantity": "10", "costBasis": "1800"], ["stockId": "JPM", "quantity": "5", "costBasis": "900"]],
            ])
            let id = try #require(created.string("id"))
            var component = Views.risk(id, .componentValueAtRisk, .parametric, confidence: 0.99, value: 41.5, at: 0)
            component.instrumentId = aapl
            var volatility = Views.risk(InstrumentAnalyticsStage.portfolioId(ofInstrument: aapl), .volatility, .ewma, confidence: 0, value: 0.012, at: 0)
            volatility.instrumentId = aapl
            try await views.apply([
                .risk(Views.risk(id, .valueAtRisk, .parametric, confidence: 0.99, value: 52.25, at: 0)), .risk(component), .risk(volatility),
                .anomaly(Views.anomaly(aapl, score: 0.9, at: 1)), .anomaly(Views.anomaly(Views.sie, score: 0.99, at: 2)),
            ])

            let board = try await server.call(.GET, "/api/v1/risk/dashboard/\(id)", token: ada.token)
            #expect(board.status == 200)
            #expect(board["value"] as? Double == 1_905)
            #expect(board["unpriced"] as? [String] == [jpm], "JPM has no recent bar: never a guessed price")
            let sectors = (board["exposures"] as? [String: Any])?["bySector"] as? [[String: Any]] ?? []
            #expect(sectors.compactMap { $0["name"] as? String } == ["Information Technology"])
            #expect(sectors.first?["weight"] as? Double == 1)
            #expect((board["risk"] as? [[String: Any]])?.compactMap { $0["value"] as? Double } == [52.25])
            #expect((board["topContributors"] as? [[String: Any]])?.first?["instrumentId"] as? String == aapl)
            #expect((board["volatility"] as? [[String: Any]])?.compactMap { $0["value"] as? Double } == [0.012])
            #expect((board["anomalies"] as? [[String: Any]])?.compactMap { $0["instrumentId"] as? String } == [aapl], "only the holdings' anomalies")

            // One-second bars of the last minutes are fresher than any minute close: they price the holdings first.
            let second = Timestamp.floor(Timestamp.now() - 30 * Timestamp.nanosPerSecond, toMultipleOf: Timestamp.nanosPerSecond)
            try await views.apply([
                .bar(Views.bar(aapl, minute: 0, close: 192, interval: .oneSecond).moved(to: second)),
                .bar(Views.bar(jpm, minute: 0, close: 150, interval: .oneSecond).moved(to: second - Timestamp.nanosPerSecond)),
            ])
            let fresher = try await server.call(.GET, "/api/v1/risk/dashboard/\(id)", token: ada.token)
            #expect(fresher["value"] as? Double == 2_670.0, "10 × 192 + 5 × 150")
            #expect(fresher["unpriced"] as? [String] == [])

            let bob = try await server.register(name: "Bob")
            #expect(try await server.call(.GET, "/api/v1/risk/dashboard/\(id)", token: bob.token).status == 404)
        }
    }
}

extension Bar {
    /// The same bar in the window starting at `start`.
    func moved(to start: Int64) -> Bar {
        var bar = self
        let shift = start - windowStartNanos
        bar.windowStartNanos += shift
        bar.windowEndNanos += shift
        bar.eventTimeNanos += shift
        return bar
    }
}
