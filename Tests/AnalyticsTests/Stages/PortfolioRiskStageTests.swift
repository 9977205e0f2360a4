import Foundation
import Model
import Stream
import Testing
@testable import Analytics

@Suite struct PortfolioRiskStageTests {
    typealias F = StageFixtures

    static let windows = 40
    static let quantities: [Double] = [150, -40, 80]

    /// Three correlated instruments over 40 one-minute windows (common factor plus noise), one bar each per window.
    static func closes() -> [[Double]] {
        var generator = SeededGenerator(seed: 21)
        var prices = [100.0, 50.0, 20.0]
        return (0..<windows).map { window in
            if window > 0 {
                let common = generator.nextNormal()
                for i in prices.indices { prices[i] *= Foundation.exp(0.001 * (0.7 * common + 0.5 * generator.nextNormal()) * Double(i + 1)) }
            }
            return prices
        }
    }

    static func configuration() -> AnalyticsConfiguration {
        var configuration = AnalyticsConfiguration()
        configuration.minimumCovarianceUpdates = 5
        configuration.historicalMinimum = 10
        configuration.monteCarloEveryNanos = 10 * F.minute
        configuration.monteCarlo = MonteCarloVaR.Configuration(scenarios: 4_000, seed: 9)
        return configuration
    }

    static func bars(_ closes: [[Double]]) -> [AnalyticsInput] {
        closes.enumerated().flatMap { window, row in row.enumerated().map { AnalyticsInput.bar(F.bar($0.offset + 1, window: window, close: $0.element)) } }
    }

    static var portfolio: PortfolioHoldings {
        F.holdings("PF-1", at: 0, [(1, 150), (2, -40), (3, 80)])
    }

    /// The EWMA covariance of the window return vectors written out as a sum, `Σ (1 − λ) λ^{T−t} r rᵀ`.
    static func batchCovariance(_ closes: [[Double]], through last: Int) -> [[Double]] {
        var sigma = Array(repeating: Array(repeating: 0.0, count: 3), count: 3)
        for t in 1...last {
            let r = (0..<3).map { Foundation.log(closes[t][$0] / closes[t - 1][$0]) }
            for i in 0..<3 { for j in 0..<3 { sigma[i][j] = 0.94 * sigma[i][j] + 0.06 * r[i] * r[j] } }
        }
        return sigma
    }

    /// The last parametric VaR/ES are `z σ √h` and `σ φ(z)/(1 − α) √h` with `σ² = wᵀ Σ w`, `Σ` the batch EWMA
    /// covariance of windows 1…38 (39 is still open) × 390 bars a day, `w` = quantity × last close; stamped with
    /// the last bar's window end (tolerance 1e-9 relative).
    @Test func parametricVaRMatchesTheClosedFormOnTheBatchCovariance() throws {
        let closes = Self.closes()
        var stage = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        let output = try F.run(&stage, Self.bars(closes))
        #expect(output.rejections.isEmpty)
        let sigma = Self.batchCovariance(closes, through: Self.windows - 2)
        let w = (0..<3).map { Self.quantities[$0] * closes[Self.windows - 1][$0] }
        var variance = 0.0
        for i in 0..<3 { for j in 0..<3 { variance += w[i] * sigma[i][j] * w[j] * 390 } }
        let lastEnd = F.bar(1, window: Self.windows - 1, close: 1).windowEndNanos
        for (confidence, horizon) in [(0.99, 1.0), (0.95, 10.0), (0.975, 1.0)] {
            let z = NormalDistribution.quantile(confidence)
            let sd = (variance * horizon).squareRoot()
            let valueAtRisk = try #require(output.metrics.last {
                $0.kind == .valueAtRisk && $0.method == .parametric && $0.confidence == confidence && Double($0.horizonDays) == horizon
            })
            let shortfall = try #require(output.metrics.last {
                $0.kind == .expectedShortfall && $0.method == .parametric && $0.confidence == confidence && Double($0.horizonDays) == horizon
            })
            #expect(close(valueAtRisk.value, z * sd, relative: 1e-9), "VaR \(confidence)/\(horizon)")
            #expect(close(shortfall.value, sd * NormalDistribution.pdf(z) / (1 - confidence), relative: 1e-9))
            #expect(valueAtRisk.eventTimeNanos == lastEnd)
            #expect(valueAtRisk.portfolioId == "PF-1")
            #expect(valueAtRisk.currency == "USD")
        }
    }

    /// At each window close the component VaRs sum to the parametric VaR emitted with them, each incremental VaR
    /// is VaR(w) − VaR(w without the holding) on the same covariance, and historical VaR/ES are those of the P&L
    /// vector `q · Δp` per closed window (numpy's quantile convention, `HistoricalVaR`).
    @Test func decompositionAndHistoricalVaRAgreeWithDirectComputations() throws {
        let closes = Self.closes()
        var stage = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        let output = try F.run(&stage, Self.bars(closes))
        // The close of window 38, published when the last instrument's bar of window 39 arrived: as of window 39's
        // end, with the prices of window 39.
        let asOf = F.bar(1, window: Self.windows - 1, close: 1).windowEndNanos
        let atClose = output.metrics.filter { $0.eventTimeNanos == asOf }
        let total = try #require(atClose.last { $0.kind == .valueAtRisk && $0.method == .parametric && $0.confidence == 0.99 && $0.horizonDays == 1 })
        let components = atClose.filter { $0.kind == .componentValueAtRisk && $0.horizonDays == 1 }
        #expect(components.count == 3)
        #expect(Set(components.map(\.instrumentId)) == Set((1...3).map(F.instrument)))
        #expect(close(components.reduce(0) { $0 + $1.value }, total.value, relative: 1e-12))

        let sigma = Self.batchCovariance(closes, through: Self.windows - 2)
        let w = (0..<3).map { Self.quantities[$0] * closes[Self.windows - 1][$0] }
        func valueAtRisk(_ w: [Double]) -> Double {
            var variance = 0.0
            for i in 0..<3 { for j in 0..<3 { variance += w[i] * sigma[i][j] * w[j] * 390 } }
            return NormalDistribution.quantile(0.99) * variance.squareRoot()
        }
        for holding in 0..<3 {
            var without = w
            without[holding] = 0
            let incremental = try #require(atClose.first { $0.kind == .incrementalValueAtRisk && $0.horizonDays == 1 && $0.instrumentId == F.instrument(holding + 1) })
            #expect(close(incremental.value, valueAtRisk(w) - valueAtRisk(without), absolute: 1e-9, relative: 1e-8))
        }

        var pnl: [Double] = []
        for t in 1...(Self.windows - 2) {
            var sum = 0.0
            for i in 0..<3 { sum += Self.quantities[i] * (closes[t][i] - closes[t - 1][i]) }
            pnl.append(sum)
        }
        let expected = try HistoricalVaR.measure(pnl: pnl, confidence: 0.975, horizonDays: 390)
        let historical = try #require(atClose.first { $0.method == .historical && $0.kind == .valueAtRisk && $0.confidence == 0.975 && $0.horizonDays == 1 })
        let historicalES = try #require(atClose.first { $0.method == .historical && $0.kind == .expectedShortfall && $0.confidence == 0.975 && $0.horizonDays == 1 })
        #expect(close(historical.value, expected.valueAtRisk, relative: 1e-9))
        #expect(close(historicalES.value, expected.expectedShortfall, relative: 1e-9))
    }

    /// Monte Carlo runs every 10 minutes of bar time once the covariance has 5 updates: at the closes of windows
    /// 5, 15, 25 and 35, each published (as of the next window's end) when the last bar of the next window
    /// arrives — never by the wall clock. The on-demand run is seeded (the same state gives the
    /// same figures) and lies within 10 % of the parametric VaR of the same Gaussian portfolio.
    @Test func monteCarloRunsOnABarTimeScheduleAndOnDemand() throws {
        let closes = Self.closes()
        var stage = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        let output = try F.run(&stage, Self.bars(closes))
        let runs = output.metrics.filter { $0.method == .monteCarlo && $0.kind == .valueAtRisk && $0.confidence == 0.99 && $0.horizonDays == 1 }
        #expect(runs.map(\.eventTimeNanos) == [7, 17, 27, 37].map { F.start + Int64($0) * F.minute })
        let onDemand = try stage.monteCarlo(portfolioId: "PF-1")
        #expect(try stage.monteCarlo(portfolioId: "PF-1") == onDemand)
        #expect(onDemand.count == 12)
        let monteCarlo = try #require(onDemand.first { $0.kind == .valueAtRisk && $0.confidence == 0.99 && $0.horizonDays == 1 })
        let parametric = try #require(output.metrics.last { $0.kind == .valueAtRisk && $0.method == .parametric && $0.confidence == 0.99 && $0.horizonDays == 1 })
        #expect(close(monteCarlo.value, parametric.value, relative: 0.10))
        #expect(throws: AnalyticsError.self) { try stage.monteCarlo(portfolioId: "PF-NONE") }
    }

    /// Bars arriving instrument by instrument (as a catch-up reads one partition after another) fold the same
    /// window vectors as bars in window order: the same covariance, P&L history and final VaR.
    @Test func barsArrivingPartitionByPartitionLineUpByWindow() throws {
        let closes = Self.closes()
        var ordered = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        let inOrder = try F.run(&ordered, Self.bars(closes))
        var chunked = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        let byInstrument = (1...3).flatMap { i in (0..<Self.windows).map { AnalyticsInput.bar(F.bar(i, window: $0, close: closes[$0][i - 1])) } }
        let caughtUp = try F.run(&chunked, byInstrument)
        #expect(chunked.state.covariance == ordered.state.covariance)
        #expect(chunked.state.covarianceUpdates == Self.windows - 2)
        #expect(chunked.state.portfolios["PF-1"]?.pnl == ordered.state.portfolios["PF-1"]?.pnl)
        let last = try #require(inOrder.metrics.last { $0.method == .parametric && $0.kind == .valueAtRisk && $0.instrumentId.isEmpty })
        let caughtUpLast = try #require(caughtUp.metrics.last { $0.method == .parametric && $0.kind == .valueAtRisk && $0.instrumentId.isEmpty })
        #expect(close(caughtUpLast.value, last.value, relative: 1e-12))
    }

    /// A quantity change is an O(n) update equal to a fresh computation; redelivering the same or an older
    /// holdings record changes nothing and emits nothing.
    @Test func holdingsChangesUpdateVaRAndRedeliveryIsIdempotent() throws {
        let closes = Self.closes()
        var stage = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [Self.portfolio])
        _ = try F.run(&stage, Self.bars(closes))
        let changed = F.holdings("PF-1", at: 45, [(1, 150), (2, -40), (3, 200)])
        let output = try F.run(&stage, [.holdings(changed)])
        var fresh = try PortfolioRiskStage(configuration: Self.configuration(), portfolios: [F.holdings("PF-1", at: 0, [(1, 150), (2, -40), (3, 200)])])
        let reference = try F.run(&fresh, Self.bars(closes))
        let updated = try #require(output.metrics.first { $0.kind == .valueAtRisk && $0.method == .parametric && $0.confidence == 0.99 && $0.horizonDays == 1 })
        let expected = try #require(reference.metrics.last { $0.kind == .valueAtRisk && $0.method == .parametric && $0.confidence == 0.99 && $0.horizonDays == 1 })
        #expect(close(updated.value, expected.value, relative: 1e-9))
        #expect(updated.eventTimeNanos == changed.eventTimeNanos)
        let again = try F.run(&stage, [.holdings(changed), .holdings(Self.portfolio)])
        #expect(again.records.isEmpty && again.rejections.isEmpty)
    }

    /// Holdings naming an instrument outside the master, in another base currency, and bars that are NaN or in
    /// another base currency are refused with reason codes; malformed holdings bytes fail decoding (the runner
    /// dead-letters them as DECODE_ERROR); the stage goes on.
    @Test func malformedInputIsRefusedWithReasonCodes() throws {
        var configuration = Self.configuration()
        configuration.knownInstruments = Set((1...3).map(F.instrument))
        var stage = try PortfolioRiskStage(configuration: configuration)
        var nan = F.bar(1, window: 0, close: 1)
        nan.close = .nan
        var euro = F.bar(2, window: 0, close: 10)
        euro.baseCurrency = "EUR"
        let output = try F.run(&stage, [
            .holdings(F.holdings("PF-X", at: 0, [(1, 10), (99, 5)])), .holdings(F.holdings("PF-E", at: 0, [(1, 10)], currency: "EUR")),
            .bar(nan), .bar(euro), .bar(F.bar(1, window: 0, close: 100)),
        ])
        #expect(output.reasonCodes == ["UNKNOWN_INSTRUMENT", "CURRENCY_MISMATCH", "INVALID_BAR", "CURRENCY_MISMATCH"])
        #expect(stage.portfolioIds.isEmpty)

        #expect(throws: StreamError.self) { try AnalyticsInput(topic: AnalyticsInput.holdingsTopic, bytes: [0xFF, 0x01, 0x02]) }
        var message = Tickflow_V1_PortfolioHoldings()
        message.portfolioID = "PF-1"
        message.baseCurrency = "USD"
        message.eventTimeNs = 1
        message.ingestTimeNs = 1
        var position = Tickflow_V1_PortfolioPosition()
        position.instrumentID = F.instrument(1)
        position.quantity = "12abc"
        message.positions = [position]
        let bytes: [UInt8] = try message.serializedBytes()
        #expect(throws: StreamError.self) { try AnalyticsInput(topic: AnalyticsInput.holdingsTopic, bytes: bytes) }
        #expect(throws: AnalyticsError.self) { try PortfolioRiskStage(configuration: configuration, portfolios: [F.holdings("PF-X", at: 0, [(42, 1)])]) }
    }

    /// A bar in another currency is valued at the bar's own rate `notionalBase / (vwap × volume)`.
    @Test func foreignBarsAreValuedInTheBaseCurrency() throws {
        var configuration = Self.configuration()
        configuration.minimumCovarianceUpdates = 1
        var stage = try PortfolioRiskStage(configuration: configuration, portfolios: [F.holdings("PF-FX", at: 0, [(7, 10)])])
        _ = try F.run(&stage, [
            .bar(F.bar(7, window: 0, close: 100, currency: "EUR", fx: 1.1)), .bar(F.bar(7, window: 1, close: 101, currency: "EUR", fx: 1.1)),
            .bar(F.bar(7, window: 2, close: 99, currency: "EUR", fx: 1.1)),
        ])
        #expect(close(stage.state.prices[0], 99 * 1.1, relative: 1e-12))
        let r = Foundation.log(101.0 / 100)
        let expected = NormalDistribution.quantile(0.99) * 10 * 99 * 1.1 * (0.06 * r * r * 390).squareRoot()
        let engine = try #require(stage.state.portfolios["PF-FX"]?.engine)
        #expect(close(try engine.measure(confidence: 0.99).valueAtRisk, expected, relative: 1e-9))
    }
}
