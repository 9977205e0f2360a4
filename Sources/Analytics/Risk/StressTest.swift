/// A hypothetical market move.
public enum StressShock: Sendable, Equatable {
    /// Equity prices move by `relativeChange` (−0.20 for −20 %): shares and equity derivatives through their
    /// equity exposure (plus ½·gamma·change² for options).
    case equity(relativeChange: Double)
    /// Yields move by `basisPoints` (100 = +1 %): `ΔV = −D · V · Δy`.
    case rates(basisPoints: Double)
    /// Foreign currencies move against the base by `relativeChange` (+0.10: they gain 10 %): every holding
    /// not in the base currency (or only those in `currencies` when given).
    case fx(relativeChange: Double, currencies: Set<String>? = nil)
    /// Implied volatilities are multiplied by `multiplier` (2 = doubled): `ΔV = vega · σ · (m − 1)`.
    case volatility(multiplier: Double)
    /// The market value of the holdings matching `filter` moves by `relativeChange` (by sector, region,
    /// asset class or currency).
    case custom(filter: StressFilter, relativeChange: Double)
}

/// A named set of shocks applied together.
public struct StressScenario: Sendable, Equatable {
    /// Name, e.g. `equities -20%`.
    public var name: String
    /// The shocks, additive in P&L.
    public var shocks: [StressShock]

    /// Creates a scenario.
    public init(name: String, shocks: [StressShock]) {
        self.name = name
        self.shocks = shocks
    }

    /// The standard hypothetical scenarios: equities −20 %, rates +100 bp, FX +10 % and −10 %, volatility ×2.
    public static let standard: [StressScenario] = [
        StressScenario(name: "equities -20%", shocks: [.equity(relativeChange: -0.20)]),
        StressScenario(name: "rates +100bp", shocks: [.rates(basisPoints: 100)]),
        StressScenario(name: "fx +10%", shocks: [.fx(relativeChange: 0.10)]),
        StressScenario(name: "fx -10%", shocks: [.fx(relativeChange: -0.10)]),
        StressScenario(name: "volatility x2", shocks: [.volatility(multiplier: 2)]),
    ]
}

/// The P&L of a scenario, in total and per holding (same order as the holdings).
public struct StressResult: Sendable, Equatable {
    /// Scenario name.
    public var scenario: String
    /// Total P&L in the base currency (negative = loss).
    public var pnl: Double
    /// P&L per holding.
    public var holdingPnL: [Double]
}

/// Applies hypothetical scenarios to holdings (first-order, plus the equity gamma term), O(holdings × shocks).
public enum StressTest {
    /// Runs one scenario.
    public static func run(_ scenario: StressScenario, holdings: [StressHolding], baseCurrency: String) -> StressResult {
        let perHolding = holdings.map { holding in
            scenario.shocks.reduce(0) { $0 + pnl(of: holding, under: $1, baseCurrency: baseCurrency) }
        }
        return StressResult(scenario: scenario.name, pnl: perHolding.reduce(0, +), holdingPnL: perHolding)
    }

    /// Runs several scenarios (the standard ones by default).
    public static func run(
        _ scenarios: [StressScenario] = StressScenario.standard, holdings: [StressHolding], baseCurrency: String
    ) -> [StressResult] {
        scenarios.map { run($0, holdings: holdings, baseCurrency: baseCurrency) }
    }

    /// The P&L of one holding under one shock.
    public static func pnl(of holding: StressHolding, under shock: StressShock, baseCurrency: String) -> Double {
        switch shock {
        case .equity(let change):
            return holding.equityExposure * change + 0.5 * holding.equityGamma * change * change
        case .rates(let basisPoints):
            return -holding.modifiedDuration * holding.marketValue * basisPoints / 10_000
        case .fx(let change, let currencies):
            let applies = currencies.map { $0.contains(holding.currency) } ?? (holding.currency != baseCurrency)
            return applies ? holding.marketValue * change : 0
        case .volatility(let multiplier):
            return holding.vega * holding.impliedVolatility * (multiplier - 1)
        case .custom(let filter, let change):
            return filter.matches(holding) ? holding.marketValue * change : 0
        }
    }
}
