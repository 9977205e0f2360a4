import Analytics
import Foundation
import Model
import Stream

/// Hand-built bars and holdings for the stage tests.
enum StageFixtures {
    /// 2025-11-21 00:00 UTC, aligned to every interval.
    static let start: Int64 = 1_763_683_200_000_000_000
    static let minute = Timestamp.nanosPerMinute

    /// Instrument id `i` (a UUID string).
    static func instrument(_ i: Int) -> String { String(format: "00000000-0000-4000-8000-%012ld", i) }

    /// A 1-minute bar of instrument `i` in window `window`, all prices at `close`.
    static func bar(
        _ i: Int, window: Int, close: Double, volume: Double = 1_000, currency: String = "USD", fx: Double = 1, revision: UInt32 = 0,
        interval: BarInterval = .oneMinute
    ) -> Bar {
        let windowStart = start + Int64(window) * interval.nanos
        return Bar(
            instrumentId: instrument(i), symbol: "SYM\(i)", interval: interval, windowStartNanos: windowStart, open: close,
            high: close, low: close, close: close, volume: volume, vwap: close, tradeCount: 10, currency: currency,
            notionalBase: close * volume * fx, baseCurrency: "USD", revision: revision, eventTimeNanos: windowStart + interval.nanos - 1_000,
            ingestTimeNanos: windowStart + interval.nanos + 5_000)
    }

    /// Holdings of `portfolio` at minute `minute`.
    static func holdings(_ portfolio: String, at minute: Int, _ positions: [(Int, Decimal)], currency: String = "USD") -> PortfolioHoldings {
        PortfolioHoldings(
            portfolioId: portfolio, baseCurrency: currency,
            positions: positions.map { PortfolioHoldings.Position(instrumentId: instrument($0.0), quantity: $0.1) },
            eventTimeNanos: start + Int64(minute) * Self.minute, ingestTimeNanos: start + Int64(minute) * Self.minute + 1)
    }

    /// A seeded random walk of `count` closes starting at `first`, per-step volatility `sigma`.
    static func walk(_ count: Int, first: Double = 100, sigma: Double, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        var price = first
        return (0..<count).map { index in
            if index > 0 { price *= Foundation.exp(sigma * generator.nextNormal()) }
            return price
        }
    }

    /// Runs inputs through an operator one batch, returning what it emitted and refused.
    static func run<Op: Operator>(_ op: inout Op, _ inputs: [AnalyticsInput]) throws -> OperatorOutput<AnalyticsOutput>
    where Op.Input == AnalyticsInput, Op.Output == AnalyticsOutput {
        var output = OperatorOutput<AnalyticsOutput>()
        try op.process(inputs.map(\.record), into: &output)
        return output
    }
}

extension OperatorOutput where Value == AnalyticsOutput {
    /// The risk metrics emitted, in order.
    var metrics: [RiskMetric] { records.compactMap(\.value.riskMetric) }
    /// The anomalies emitted, in order.
    var anomalies: [Anomaly] { records.compactMap(\.value.anomaly) }
    /// The reason codes of the refused records, in order.
    var reasonCodes: [String] { rejections.map(\.reasonCode) }
}
