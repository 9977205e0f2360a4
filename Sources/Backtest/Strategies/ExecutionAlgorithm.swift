import Foundation
import Model

/// `vwap` and `twap`: work a parent order of `quantity` units of one instrument over the run's period in `slices`
/// equal time slices, one market child order at the start of each slice (the first event of the instrument at or
/// after it; a bar is as of its window end), for the slice's share of the parent; slices that started together go
/// as one child.
///
/// TWAP's shares are equal. VWAP's follow the historical volume profile: the instrument's bar volume in the same
/// slice of each of the `lookback` earlier cycles (a cycle is a day, or the period when it is longer), read from the
/// warehouse before the run starts; without any history it falls back to equal shares (statistic
/// `profile_fallback` = 1). Child quantities are whole units, the last slice taking the remainder.
///
/// Statistics: `filled_quantity`, `average_price`, `period_vwap` (the instrument's volume-weighted price over the
/// run, from its bars) and `slippage_bps` = ±(average − period VWAP) / period VWAP × 10⁴, positive when the
/// execution did worse than the period VWAP (paid more on a buy, received less on a sell).
///
/// Parameters: `side` (buy or sell, required), `quantity` (required), `instrument` (symbol or id, required),
/// `slices` (10), and for VWAP `lookback` (cycles, 5).
public struct ExecutionAlgorithm: Strategy {
    /// How shares are set.
    public enum Schedule: String, Sendable {
        /// Equal shares.
        case twap
        /// Shares of the historical volume profile.
        case vwap
    }

    /// TWAP or VWAP.
    public let schedule: Schedule
    /// Buy or sell.
    public let side: OrderSide
    /// The parent quantity.
    public let quantity: Decimal
    /// Slices of the period.
    public let slices: Int
    /// Earlier cycles in the VWAP profile.
    public let lookback: Int
    private let instrument: String
    private var instrumentId = ""
    private var boundaries: [Int64] = []
    /// Cumulative child quantity due by the end of each slice.
    public private(set) var cumulativeTargets: [Decimal] = []
    private var nextSlice = 0
    private var submitted: Decimal = 0
    private var filled: Decimal = 0
    private var filledNotional: Decimal = 0
    private var usedFallback = false
    private var periodVolume = 0.0
    private var periodNotional = 0.0

    /// Reads the parameters.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` for a missing, malformed or unknown parameter.
    public init(_ schedule: Schedule, parameters: inout StrategyParameters) throws {
        self.schedule = schedule
        side = try parameters.choice("side", ["buy", "sell"]) == "buy" ? .buy : .sell
        quantity = try parameters.quantity("quantity")
        guard let instrument = parameters.text("instrument") else {
            throw BacktestError(.invalidParameter, context: "strategy \(schedule.rawValue)", "parameter instrument: required (a symbol or id)")
        }
        self.instrument = instrument
        slices = try parameters.int("slices", default: 10, in: 1...100_000)
        if schedule == .vwap { lookback = try parameters.int("lookback", default: 5, in: 1...366) } else { lookback = 0 }
    }

    /// The instrument id of a symbol or id.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` when the instrument master has neither.
    static func resolve(_ name: String, strategy: String, setup: StrategySetup) throws -> String {
        guard let id = setup.resolveInstrument(name) else {
            throw BacktestError(.invalidParameter, context: "strategy \(strategy)", "parameter instrument: no instrument \(name)")
        }
        return id
    }

    public mutating func prepare(_ setup: StrategySetup) throws {
        instrumentId = try Self.resolve(instrument, strategy: schedule.rawValue, setup: setup)
        let from = setup.configuration.fromNanos, length = setup.configuration.toNanos - from
        boundaries = (0..<slices).map { from + Int64((Double(length) * Double($0) / Double(slices)).rounded(.down)) }
        var weights = [Double](repeating: 1, count: slices)
        if schedule == .vwap {
            let cycle = max(length, Timestamp.nanosPerDay)
            var volumes = [Double](repeating: 0, count: slices)
            for bar in try setup.historicalBars(instrumentId, from - Int64(lookback) * cycle, from) where bar.tradeCount > 0 {
                let offset = ((bar.windowStartNanos - from) % cycle + cycle) % cycle
                guard offset < length else { continue }
                volumes[min(slices - 1, Int(Double(offset) / Double(length) * Double(slices)))] += bar.volume
            }
            if volumes.reduce(0, +) > 0 { weights = volumes } else { usedFallback = true }
        }
        let total = weights.reduce(0, +)
        var running = 0.0
        cumulativeTargets = weights.enumerated().map { index, weight in
            running += weight
            if index == slices - 1 { return quantity }
            var exact = Money.decimal(running / total) * quantity, whole = Decimal()
            NSDecimalRound(&whole, &exact, 0, .plain)
            return min(whole, quantity)
        }
    }

    public mutating func on(_ event: StrategyEvent, context: StrategyContext) -> [OrderRequest] {
        guard event.instrumentId == instrumentId else { return [] }
        if case .bar(let bar) = event, bar.tradeCount > 0, bar.revision == 0, bar.windowStartNanos >= context.configuration.fromNanos {
            periodVolume += bar.volume
            periodNotional += bar.vwap * bar.volume
        }
        if case .risk = event { return [] }
        var due = submitted
        while nextSlice < slices, context.nowNanos >= boundaries[nextSlice] {
            due = cumulativeTargets[nextSlice]
            nextSlice += 1
        }
        guard due > submitted else { return [] }
        defer { submitted = due }
        return [OrderRequest(instrumentId: instrumentId, side: side, quantity: due - submitted)]
    }

    public mutating func onFill(_ fill: SimulatedFill, context: StrategyContext) {
        filled += fill.quantity
        filledNotional += fill.notional
    }

    public func statistics(context: StrategyContext) -> [String: Double] {
        var statistics: [String: Double] = ["filled_quantity": Money.double(filled)]
        if schedule == .vwap { statistics["profile_fallback"] = usedFallback ? 1 : 0 }
        guard filled > 0 else { return statistics }
        let average = Money.double(filledNotional) / Money.double(filled)
        statistics["average_price"] = average
        if periodVolume > 0 {
            let vwap = periodNotional / periodVolume
            statistics["period_vwap"] = vwap
            statistics["slippage_bps"] = (side == .buy ? 1.0 : -1.0) * (average - vwap) / vwap * 10_000
        }
        return statistics
    }
}
