import Foundation
import Model
import Stream
import Testing
@testable import Analytics

@Suite struct InstrumentAnalyticsStageTests {
    typealias F = StageFixtures

    /// Every metric is checked against a direct recursion written out here (tolerance 1e-12 relative; the
    /// realized window 1e-10, since the stage's running sum is recomputed once per lap), and stamped with its
    /// bar's window end.
    @Test func volatilityMetricsFollowTheirRecursionsAndCarryTheBarEnd() throws {
        var configuration = AnalyticsConfiguration()
        configuration.realizedWindow = 30
        let (omega, alpha, beta) = (2e-8, 0.08, 0.90)
        configuration.garch.instruments[F.instrument(1)] = GARCHParameterFile.Entry(
            omega: omega, alpha: alpha, beta: beta, logLikelihood: 0, observations: 100)
        var stage = try InstrumentAnalyticsStage(configuration: configuration)
        let closes = F.walk(80, sigma: 0.001, seed: 7)
        let bars = closes.enumerated().map { F.bar(1, window: $0.offset, close: $0.element) }
        let output = try F.run(&stage, bars.map(AnalyticsInput.bar))

        #expect(output.rejections.isEmpty)
        #expect(output.metrics.count == 4 * 79, "four metrics per bar after the first")
        let year = 252.0 * 390
        var ewma = 0.0, garch = omega / (1 - alpha - beta)
        var returns: [Double] = []
        for t in 1..<closes.count {
            let r = Foundation.log(closes[t] / closes[t - 1])
            returns.append(r)
            ewma = t == 1 ? r * r : 0.94 * ewma + 0.06 * r * r
            garch = omega + alpha * r * r + beta * garch
            let metrics = output.metrics.filter { $0.eventTimeNanos == bars[t].windowEndNanos }
            try #require(metrics.count == 4)
            let byMethod = Dictionary(uniqueKeysWithValues: metrics.map { ("\($0.method.rawValue)/\($0.horizonDays)", $0) })
            let window = returns.suffix(30)
            let realized = (window.reduce(0) { $0 + $1 * $1 } / Double(window.count) * year).squareRoot()
            // The 10-day forecast: the mean of the next 3,900 step forecasts, each σ̄² + (α+β)^{k−1}(σ²ₜ₊₁ − σ̄²).
            let longRun = omega / (1 - alpha - beta)
            var sum = 0.0, decay = 1.0
            for _ in 0..<3_900 {
                sum += longRun + decay * (garch - longRun)
                decay *= alpha + beta
            }
            let ewmaValue = try #require(byMethod["ewma/1"]?.value)
            let realizedValue = try #require(byMethod["historical/1"]?.value)
            let garchValue = try #require(byMethod["garch/1"]?.value)
            let forecastValue = try #require(byMethod["garch/10"]?.value)
            #expect(close(ewmaValue, (ewma * year).squareRoot(), relative: 1e-12))
            #expect(close(realizedValue, realized, relative: 1e-10))
            #expect(close(garchValue, (garch * year).squareRoot(), relative: 1e-12))
            #expect(close(forecastValue, (sum / 3_900 * year).squareRoot(), relative: 1e-9))
        }
        let last = try #require(output.metrics.last)
        #expect(last.portfolioId == "instrument:\(F.instrument(1))")
        #expect(last.instrumentId == F.instrument(1))
        #expect(last.ingestTimeNanos == bars[79].ingestTimeNanos)
        // The metric survives its own wire validation.
        let decoded = try RiskMetric(serializedBytes: try last.serializedBytes())
        #expect(decoded == last)
    }

    /// Without fitted parameters no GARCH metric comes before the warm-up; then ω targets the warm-up's
    /// sample variance with α 0.05, β 0.90, and the filter has run over the warm-up returns.
    @Test func theDefaultGARCHTargetsTheWarmUpVariance() throws {
        var stage = try InstrumentAnalyticsStage()
        let closes = F.walk(30, sigma: 0.002, seed: 11)
        let output = try F.run(&stage, closes.enumerated().map { AnalyticsInput.bar(F.bar(2, window: $0.offset, close: $0.element)) })
        let garch = output.metrics.filter { $0.method == .garch && $0.horizonDays == 1 }
        #expect(garch.count == 10, "returns 20…29")
        let returns = try LogReturns.of(closes)
        let warmUp = Array(returns.prefix(20))
        let mean = warmUp.reduce(0, +) / 20
        let variance = warmUp.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 19
        let omega = variance * 0.05
        var sigma2 = variance
        for r in warmUp { sigma2 = omega + 0.05 * r * r + 0.90 * sigma2 }
        let first = try #require(garch.first)
        #expect(close(first.value, (sigma2 * 252 * 390).squareRoot(), relative: 1e-12))
        #expect(first.eventTimeNanos == F.bar(2, window: 20, close: 1).windowEndNanos)
    }

    /// 300 quiet bars (σ 0.1 %, volume ±10 %) raise no anomaly (false positives: 0 of 300); a 5 % jump does,
    /// with its return component near 1, stamped with its bar's end.
    @Test func aSpikeIsFlaggedWithItsComponentsAndQuietBarsAreNot() throws {
        var stage = try InstrumentAnalyticsStage()
        var closes = F.walk(301, sigma: 0.001, seed: 3)
        closes[300] = closes[299] * 1.05
        var generator = SeededGenerator(seed: 5)
        let bars = closes.enumerated().map {
            F.bar(3, window: $0.offset, close: $0.element, volume: 1_000 * Foundation.exp(0.1 * generator.nextNormal()))
        }
        let output = try F.run(&stage, bars.map(AnalyticsInput.bar))
        #expect(output.anomalies.count == 1)
        let anomaly = try #require(output.anomalies.first)
        #expect(anomaly.eventTimeNanos == bars[300].windowEndNanos)
        #expect(anomaly.instrumentId == F.instrument(3))
        #expect(anomaly.threshold == 0.8)
        #expect(anomaly.score > 0.99)
        #expect((anomaly.components["return_zscore"] ?? 0) > 0.99)
        #expect((anomaly.components["crossed"] ?? 1) == 0)
        #expect(anomaly.description.contains("return z"))
        let decoded = try Anomaly(serializedBytes: try anomaly.serializedBytes())
        #expect(decoded == anomaly)
    }

    @Test func aCrossedBookIsFlagged() throws {
        var stage = try InstrumentAnalyticsStage()
        let book = TopOfBook(
            instrumentId: F.instrument(4), symbol: "SYM4", bidPrice: 100.2, bidSize: 5, bidVenue: "XNAS", askPrice: 100.1, askSize: 5,
            askVenue: "XNYS", currency: "USD", eventTimeNanos: F.start + 30_000_000_000, ingestTimeNanos: F.start + 30_000_001_000)
        let output = try F.run(&stage, [.bar(F.bar(4, window: 0, close: 100)), .topOfBook(book), .bar(F.bar(4, window: 1, close: 100.1))])
        let anomaly = try #require(output.anomalies.first)
        #expect(anomaly.components["crossed"] == 1)
        #expect(anomaly.eventTimeNanos == F.bar(4, window: 1, close: 1).windowEndNanos)
    }

    /// A bar more than five intervals after the previous one is stale, whatever the interval: hourly bars an
    /// hour apart are not; a six-hour gap is, and the anomaly says so.
    @Test func aGapOfMoreThanFiveIntervalsIsStale() throws {
        var configuration = AnalyticsConfiguration()
        configuration.interval = .oneHour
        var stage = try InstrumentAnalyticsStage(configuration: configuration)
        let closes = F.walk(31, sigma: 0.001, seed: 8)
        var inputs = (0..<30).map { AnalyticsInput.bar(F.bar(6, window: $0, close: closes[$0], interval: .oneHour)) }
        inputs.append(.bar(F.bar(6, window: 36, close: closes[30], interval: .oneHour)))
        let output = try F.run(&stage, inputs)
        #expect(output.anomalies.count == 1)
        let anomaly = try #require(output.anomalies.first)
        #expect(anomaly.components["stale"] == 1)
        #expect(anomaly.description.contains("stale"))
        #expect(anomaly.eventTimeNanos == F.bar(6, window: 36, close: 1, interval: .oneHour).windowEndNanos)
    }

    /// NaN and negative prices, a revision of a folded window, a bar of another interval and a NaN book are
    /// refused with their reason codes; the good bars give exactly what they give without the bad ones.
    @Test func badInputIsRefusedWithAReasonAndTheStreamGoesOn() throws {
        let good = (0..<5).map { F.bar(5, window: $0, close: 100 + Double($0)) }
        var nan = F.bar(5, window: 2, close: 1)
        nan.close = .nan
        var negative = F.bar(5, window: 3, close: 1)
        negative.low = -1
        let revision = F.bar(5, window: 1, close: 250, revision: 1)
        let hourly = F.bar(5, window: 0, close: 100, interval: .oneHour)
        let badBook = TopOfBook(
            instrumentId: F.instrument(5), symbol: "SYM5", bidPrice: .nan, bidSize: 1, bidVenue: "", askPrice: 101, askSize: 1,
            askVenue: "", currency: "USD", eventTimeNanos: F.start, ingestTimeNanos: F.start)
        let mixed: [AnalyticsInput] = [
            .bar(good[0]), .bar(good[1]), .bar(nan), .bar(revision), .bar(good[2]), .bar(negative), .bar(hourly),
            .topOfBook(badBook), .bar(good[3]), .bar(good[4]),
        ]
        var dirty = try InstrumentAnalyticsStage()
        let output = try F.run(&dirty, mixed)
        #expect(output.reasonCodes == ["INVALID_BAR", "STALE_BAR", "INVALID_BAR", "WRONG_INTERVAL", "INVALID_BOOK"])
        var clean = try InstrumentAnalyticsStage()
        let reference = try F.run(&clean, good.map(AnalyticsInput.bar))
        #expect(output.records == reference.records)
    }

    /// Snapshot half-way, go on; restore the snapshot into a fresh stage and replay the second half: identical
    /// records, and the state bytes end equal.
    @Test func snapshotRestoreReplayGivesIdenticalOutput() throws {
        let inputs = (0..<60).flatMap { window in
            (1...3).map { AnalyticsInput.bar(F.bar($0, window: window, close: 100 + Double(window % 7) * Double($0))) }
        }
        var first = try InstrumentAnalyticsStage()
        _ = try F.run(&first, Array(inputs[..<90]))
        let snapshot = try first.snapshotState()
        let continued = try F.run(&first, Array(inputs[90...]))
        var restored = try InstrumentAnalyticsStage()
        try restored.restoreState(from: snapshot)
        let replayed = try F.run(&restored, Array(inputs[90...]))
        #expect(!continued.records.isEmpty)
        #expect(replayed.records == continued.records)
        #expect(try restored.snapshotState() == first.snapshotState())
    }
}
