import Analytics
import Foundation
import Model

/// The equity of a backtest at the end of one bar window.
public struct EquityPoint: Sendable, Hashable {
    /// The window end (ns).
    public var timeNanos: Int64
    /// Cash, exact.
    public var cash: Decimal
    /// Positions at their latest bar closes, exact.
    public var positionsValue: Decimal
    /// Cash plus positions.
    public var equity: Decimal
    /// The drawdown from the peak so far, a fraction.
    public var drawdown: Double
}

/// The run's losses per bar window against the VaR in force at the window's start.
public struct VaRExceptions: Sendable, Equatable {
    /// The VaR's confidence.
    public var confidence: Double
    /// Per observation: the loss over the window (positive = loss) and the VaR scaled to one window.
    public var losses: [Double]
    /// See ``losses``.
    public var valueAtRisk: [Double]
    /// Kupiec's (and Christoffersen's) tests on them; `nil` without observations.
    public var test: VaRBacktest?

    /// Windows observed.
    public var observations: Int { losses.count }
    /// Windows whose loss exceeded the VaR.
    public var exceptions: Int { zip(losses, valueAtRisk).filter { $0 > $1 }.count }
}

/// What a backtest produced: its fills, its equity curve and their figures.
public struct BacktestResult: Sendable, Equatable {
    /// The run id (a hash of the inputs; see ``BacktestConfiguration/runId``).
    public var runId: String
    /// The strategy's name.
    public var strategy: String
    /// Its parameters, `key=value`.
    public var parameters: [String]
    /// The period (ns, `[from, to)`).
    public var fromNanos: Int64
    /// See ``fromNanos``.
    public var toNanos: Int64
    /// The instrument ids replayed (empty: all).
    public var instrumentIds: [String]
    /// The bar interval.
    public var interval: BarInterval
    /// Cash at the start.
    public var initialCash: Decimal
    /// Raw records replayed (trades, quotes, FX rates).
    public var recordsReplayed: Int
    /// Bars of the interval the strategy saw.
    public var bars: Int
    /// Records the stream stage refused (invalid, late…).
    public var rejections: Int
    /// The fills, in order.
    public var fills: [SimulatedFill]
    /// Orders still open at the end.
    public var openOrders: Int
    /// Equity at each window end.
    public var equity: [EquityPoint]
    /// Equity at the end (cash plus positions at their last closes).
    public var finalEquity: Decimal
    /// Final equity / initial cash − 1.
    public var totalReturn: Double
    /// Annualised Sharpe ratio of the per-window returns.
    public var sharpe: Double
    /// The largest drawdown, a fraction.
    public var maxDrawdown: Double
    /// Losses against the run portfolio's replayed VaR.
    public var varExceptions: VaRExceptions
    /// The strategy's own figures.
    public var statistics: [String: Double]

    /// The summary printed by `tickflow backtest`.
    public var summary: String {
        var lines = [
            "backtest \(runId): \(strategy) \(parameters.joined(separator: " "))",
            "period      \(Timestamp.iso8601(fromNanos)) .. \(Timestamp.iso8601(toNanos)), \(interval.name) bars, \(instrumentIds.isEmpty ? "all instruments" : "\(instrumentIds.count) instruments")",
            "replayed    \(recordsReplayed) records, \(bars) bars, \(rejections) refused",
            "trades      \(fills.count) fills, \(openOrders) orders open at the end",
            "equity      \(initialCash) -> \(finalEquity) (return \(Self.format(totalReturn * 100)) %)",
            "sharpe      \(Self.format(sharpe)) (annualised, \(equity.count) windows)",
            "drawdown    \(Self.format(maxDrawdown * 100)) % max",
        ]
        if let test = varExceptions.test {
            lines.append(
                "VaR \(Self.format(varExceptions.confidence * 100)) %   \(test.exceptions) exceptions in \(test.observations) windows, Kupiec LR \(Self.format(test.kupiecStatistic)) p=\(Self.format(test.kupiecPValue)), zone \(test.zone.rawValue)")
        } else {
            lines.append("VaR         no windows with a VaR in force (the portfolio stage publishes after its warm-up)")
        }
        for (name, value) in statistics.sorted(by: { $0.key < $1.key }) { lines.append("\(name.padding(toLength: 16, withPad: " ", startingAt: 0))\(Self.format(value))") }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
