import Foundation
import Model

/// `ma-crossover`: long `quantity` when the fast simple moving average of bar closes crosses above the slow one,
/// flat (or short `quantity` with `short=true`) when it crosses below.
///
/// Parameters: `fast` (bars, 10), `slow` (bars, 30, more than `fast`), `quantity` (units, 100), `short` (false),
/// `instrument` (a symbol or id; every replayed instrument when absent). A cross needs a previous bar with both
/// averages; only traded, unrevised bars count (gap-filled and revised bars are skipped).
public struct MovingAverageCrossover: Strategy {
    /// The catalog name.
    public static let name = "ma-crossover"
    /// Bars in the fast average.
    public let fast: Int
    /// Bars in the slow average.
    public let slow: Int
    /// Units of the long (and short) position.
    public let quantity: Decimal
    /// Whether a cross below goes short rather than flat.
    public let allowsShort: Bool
    private var closes: CloseWindows
    private var previousSpread: [String: Double] = [:]
    private var targets: [String: Decimal] = [:]

    /// Reads the parameters.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` for a missing, malformed or unknown parameter.
    public init(parameters: inout StrategyParameters) throws {
        fast = try parameters.int("fast", default: 10)
        slow = try parameters.int("slow", default: 30, in: 2...1_000_000)
        quantity = try parameters.quantity("quantity", default: 100)
        allowsShort = try parameters.bool("short", default: false)
        closes = CloseWindows(length: slow, instrument: parameters.text("instrument"))
        guard fast < slow else {
            throw BacktestError(.invalidParameter, context: "strategy \(Self.name)", "parameter fast (\(fast)) must be less than slow (\(slow))")
        }
    }

    public mutating func prepare(_ setup: StrategySetup) throws {
        try closes.prepare(setup, strategy: Self.name)
    }

    public mutating func on(_ event: StrategyEvent, context: StrategyContext) -> [OrderRequest] {
        guard let added = closes.add(event) else { return [] }
        let (bar, window) = (added.bar, added.closes)
        let spread = window.suffix(fast).reduce(0, +) / Double(fast) - window.reduce(0, +) / Double(slow)
        defer { previousSpread[bar.instrumentId] = spread }
        guard let previous = previousSpread[bar.instrumentId] else { return [] }
        let current = targets[bar.instrumentId] ?? 0
        var target = current
        if previous <= 0 && spread > 0 { target = quantity }
        if previous >= 0 && spread < 0 { target = allowsShort ? -quantity : 0 }
        targets[bar.instrumentId] = target
        return OrderRequest.toTarget(instrumentId: bar.instrumentId, current: current, target: target).map { [$0] } ?? []
    }
}
