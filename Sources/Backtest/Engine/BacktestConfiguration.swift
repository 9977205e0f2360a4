import Analytics
import Foundation
import Model
import Stream

/// The settings of one backtest, with documented defaults.
public struct BacktestConfiguration: Sendable {
    /// Earliest event time replayed (ns, inclusive).
    public var fromNanos: Int64
    /// Latest event time replayed (ns, exclusive).
    public var toNanos: Int64
    /// The instrument ids replayed; empty replays every instrument in the warehouse.
    public var instrumentIds: [String] = []
    /// The bars the strategy and the analytics stages see (1 minute).
    public var interval: BarInterval = .oneMinute
    /// The strategy's name, as in ``StrategyCatalog`` (part of the run id).
    public var strategyName = ""
    /// The strategy's parameters as `key=value` texts (part of the run id), in the order given.
    public var parameters: [String] = []
    /// Cash at the start (1,000,000).
    public var initialCash: Decimal = 1_000_000
    /// Currency of the account and of the analytics (USD); prices are taken as being in it.
    public var baseCurrency = "USD"
    /// The confidence of the portfolio VaR the run's losses are tested against (99 %).
    public var varConfidence = 0.99
    /// The stream stage's settings (the defaults of `tickflow run`; the bar intervals are set to ``interval``, and
    /// enriched ticks, which nothing in a backtest reads, are not emitted).
    public var tickProcessor = TickProcessorConfiguration()
    /// The analytics stages' settings (the defaults, on ``interval``).
    public var analytics: AnalyticsConfiguration
    /// Portfolios the analytics stages start with (besides the run's own, ``portfolioId``).
    public var seededPortfolios: [PortfolioHoldings] = []
    /// Records handed to the operators at once (4,096).
    public var batchSize = 4_096

    /// A configuration for `[from, to)` on `interval` bars.
    public init(fromNanos: Int64, toNanos: Int64, interval: BarInterval = .oneMinute) {
        self.fromNanos = fromNanos
        self.toNanos = toNanos
        self.interval = interval
        analytics = AnalyticsConfiguration(interval: interval)
    }

    /// The run's id: a hash of every input, so the same run over the same inputs gets the same id.
    public var runId: String {
        let text = [
            strategyName, parameters.joined(separator: "\u{1}"), String(fromNanos), String(toNanos),
            instrumentIds.sorted().joined(separator: ","), interval.rawValue, "\(initialCash)", baseCurrency, String(varConfidence),
        ].joined(separator: "\u{0}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "bt-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The id of the portfolio the run's positions are published as to the analytics stages (`backtest-<run id>`).
    public var portfolioId: String { "backtest-\(runId)" }

    /// Checks the settings.
    ///
    /// - Throws: ``BacktestError`` `.invalidConfiguration` naming the first bad setting.
    public func validate() throws {
        func fail(_ message: String) -> BacktestError { BacktestError(.invalidConfiguration, context: "backtest", message) }
        guard fromNanos < toNanos else {
            throw fail("the period is empty: from \(Timestamp.iso8601(fromNanos)) is not before to \(Timestamp.iso8601(toNanos))")
        }
        guard initialCash > 0 else { throw fail("initial cash \(initialCash) is not positive") }
        guard varConfidence > 0, varConfidence < 1 else { throw fail("VaR confidence \(varConfidence) is not in (0, 1)") }
        guard batchSize > 0 else { throw fail("batch size \(batchSize) is not positive") }
        guard analytics.interval == interval else {
            throw fail("the analytics run on \(analytics.interval.name) bars, the backtest on \(interval.name)")
        }
        do { try analytics.validate() } catch { throw BacktestError(.invalidConfiguration, context: "analytics", "\(error)", underlying: error) }
    }
}
