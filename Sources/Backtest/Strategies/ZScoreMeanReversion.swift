import Foundation
import Model

/// `zscore`: mean reversion on the z-score of the bar close against the last `window` closes (itself included;
/// sample standard deviation). Flat: z ≤ −`entry` goes long `quantity`, z ≥ `entry` goes short `quantity` (unless
/// `short=false`). Long: z ≥ −`exit` goes flat. Short: z ≤ `exit` goes flat.
///
/// Parameters: `window` (bars, 20, at least 2), `entry` (2.0), `exit` (0.5, below `entry`), `quantity` (100),
/// `short` (true), `instrument` (a symbol or id; every replayed instrument when absent). Only traded, unrevised bars
/// count.
public struct ZScoreMeanReversion: Strategy {
    /// The catalog name.
    public static let name = "zscore"
    /// Closes in the mean and standard deviation.
    public let window: Int
    /// |z| that opens a position.
    public let entry: Double
    /// |z| under which a position closes.
    public let exit: Double
    /// Units of a position.
    public let quantity: Decimal
    /// Whether a high z-score opens a short.
    public let allowsShort: Bool
    private var closes: CloseWindows
    private var targets: [String: Decimal] = [:]

    /// Reads the parameters.
    ///
    /// - Throws: ``BacktestError`` `.invalidParameter` for a missing, malformed or unknown parameter.
    public init(parameters: inout StrategyParameters) throws {
        window = try parameters.int("window", default: 20, in: 2...1_000_000)
        entry = try parameters.double("entry", default: 2)
        exit = try parameters.double("exit", default: 0.5)
        quantity = try parameters.quantity("quantity", default: 100)
        allowsShort = try parameters.bool("short", default: true)
        closes = CloseWindows(length: window, instrument: parameters.text("instrument"))
        guard exit < entry else {
            throw BacktestError(.invalidParameter, context: "strategy \(Self.name)", "parameter exit (\(exit)) must be less than entry (\(entry))")
        }
    }

    public mutating func prepare(_ setup: StrategySetup) throws {
        try closes.prepare(setup, strategy: Self.name)
    }

    /// The z-score of the last value against all of `values` (sample standard deviation); `nil` when they are all equal.
    public static func zScore(_ values: [Double]) -> Double? {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        guard variance > 0, let last = values.last else { return nil }
        return (last - mean) / variance.squareRoot()
    }

    public mutating func on(_ event: StrategyEvent, context: StrategyContext) -> [OrderRequest] {
        guard let added = closes.add(event), let z = Self.zScore(added.closes) else { return [] }
        let bar = added.bar
        let current = targets[bar.instrumentId] ?? 0
        var target = current
        if current == 0 {
            if z <= -entry { target = quantity } else if z >= entry && allowsShort { target = -quantity }
        } else if current > 0, z >= -exit {
            target = 0
        } else if current < 0, z <= exit {
            target = 0
        }
        targets[bar.instrumentId] = target
        return OrderRequest.toTarget(instrumentId: bar.instrumentId, current: current, target: target).map { [$0] } ?? []
    }
}
