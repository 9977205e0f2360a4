import Foundation
import Model

/// A trading strategy run by a backtest.
///
/// The engine replays history through the stream operators (``Stream/TickProcessor``) and the analytics operators
/// (``Analytics/AnalyticsPipeline``) and hands the strategy what comes out, in replay order: the bars of the run's
/// interval, the tops of book, and the risk metrics. The strategy answers each event with orders; the
/// ``FillSimulator`` fills them on a *later* quote or bar, never on the event that triggered them, and reports the
/// fills back through ``onFill(_:context:)`` before the event that made them reaches ``on(_:context:)``.
///
/// A strategy must be deterministic: its orders may depend only on the events, the fills and its parameters (no
/// wall clock, no unseeded randomness), so that a backtest repeated over the same data gives the same results.
///
/// Conform and register a factory in ``StrategyCatalog`` to make it available to `tickflow backtest --strategy`.
public protocol Strategy: Sendable {
    /// Called once before the replay, with the run's period and a reader of earlier history.
    ///
    /// - Throws: an error (preferably ``BacktestError``) to refuse the run; the default does nothing.
    mutating func prepare(_ setup: StrategySetup) throws

    /// Called for every bar, top of book and risk metric of the replay.
    ///
    /// - Parameters:
    ///   - event: what the operators emitted.
    ///   - context: the account, the event's replay time and the run's settings.
    /// - Returns: the orders to place; they fill on a later event.
    mutating func on(_ event: StrategyEvent, context: StrategyContext) -> [OrderRequest]

    /// Called for each fill of this strategy's orders, before the event that filled them; the default does nothing.
    mutating func onFill(_ fill: SimulatedFill, context: StrategyContext)

    /// Figures the strategy reports at the end (e.g. an execution's slippage), by name; the default has none.
    func statistics(context: StrategyContext) -> [String: Double]
}

extension Strategy {
    public mutating func prepare(_ setup: StrategySetup) throws {}
    public mutating func onFill(_ fill: SimulatedFill, context: StrategyContext) {}
    public func statistics(context: StrategyContext) -> [String: Double] { [:] }
}

/// What a strategy sees.
public enum StrategyEvent: Sendable, Hashable {
    /// A bar of the run's interval (including gap-filled bars, whose trade count is 0).
    case bar(Bar)
    /// A top-of-book update.
    case topOfBook(TopOfBook)
    /// A risk figure of the analytics stages (per instrument volatility, the run portfolio's VaR…).
    case risk(RiskMetric)

    /// The instrument the event is about ("" for a portfolio-level risk figure).
    public var instrumentId: String {
        switch self {
        case .bar(let bar): bar.instrumentId
        case .topOfBook(let book): book.instrumentId
        case .risk(let metric): metric.instrumentId
        }
    }
}

/// The state a strategy decides from.
public struct StrategyContext: Sendable {
    /// Cash and positions after every fill so far.
    public var account: Account
    /// The replay time: the event's time (a bar's window end).
    public var nowNanos: Int64
    /// The run's settings.
    public var configuration: BacktestConfiguration
}

/// What ``Strategy/prepare(_:)`` gets: the run and a reader of history before it.
public struct StrategySetup: Sendable {
    /// The run's settings.
    public var configuration: BacktestConfiguration
    /// Bars of the run's interval of one instrument over `[from, to)` from the warehouse, in window order.
    public var historicalBars: @Sendable (_ instrumentId: String, _ fromNanos: Int64, _ toNanos: Int64) throws -> [Bar]
    /// Resolves a symbol or instrument id to the instrument id (`nil` when unknown).
    public var resolveInstrument: @Sendable (String) -> String?

    /// Creates a setup.
    public init(
        configuration: BacktestConfiguration,
        historicalBars: @escaping @Sendable (String, Int64, Int64) throws -> [Bar] = { _, _, _ in [] },
        resolveInstrument: @escaping @Sendable (String) -> String? = { $0 }
    ) {
        self.configuration = configuration
        self.historicalBars = historicalBars
        self.resolveInstrument = resolveInstrument
    }
}
