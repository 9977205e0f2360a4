import Model

/// Settings of the market simulator; every default is a plausible large-cap US session.
public struct SimulatorConfiguration: Sendable {
    /// Seed of every random draw: the same seed and settings give the same events.
    public var seed: UInt64 = 42
    /// Simulated time of the first step, ns since the epoch; default 2026-11-20 14:30 UTC (the NYSE open).
    public var start: Int64 = 1_795_185_000_000_000_000
    /// Simulated time per step; default 250 ms.
    public var stepNanos: Int64 = 250_000_000
    /// Length of the trading day; after the close the clock jumps to the next weekday's open. Default 6.5 h.
    public var sessionNanos: Int64 = 23_400 * 1_000_000_000
    /// Whether the clock jumps from a session's close to the next weekday's open (default `true`); `false` starts
    /// the next session at once, for a feed whose clock keeps to the wall clock. Volatilities are per session
    /// either way.
    public var overnightGaps = true
    /// Annualised volatility of the market factor; default 16%.
    public var marketVolatility = 0.16
    /// Annualised volatility of each sector factor; default 12%.
    public var sectorVolatility = 0.12
    /// Annualised idiosyncratic volatility; default 20%.
    public var idiosyncraticVolatility = 0.20
    /// Probability per equity and step of a jump; default 2e-6 (about one jump per stock every five sessions).
    public var jumpProbability = 2e-6
    /// Size (standard deviation of the log return) of a jump; default 2%.
    public var jumpSize = 0.02
    /// Persistence of the common log-variance per step; default 0.999.
    public var volPersistence = 0.999
    /// Volatility of the common log-variance per step; default 0.02.
    public var volOfVol = 0.02
    /// Continuously compounded risk-free rate for option pricing; default 4%.
    public var riskFreeRate = 0.04
    /// Expected trades per equity per step at the session's quietest (mid-day); default 0.1.
    public var baseTradeProbability = 0.1
    /// Probability per step of a news story; default 0.02.
    public var newsProbability = 0.02
    /// Probability per step of a client flow; default 0.02.
    public var flowProbability = 0.02
    /// Opening mid of equities by instrument id (e.g. the reference prices the ledger marks stocks at); an equity
    /// without one opens at a random price between 20 and 500. Empty by default.
    public var initialPrices: [String: Double] = [:]

    /// Default settings.
    public init(seed: UInt64 = 42) { self.seed = seed }

    /// Trading days per year (for annualising volatilities).
    public static let tradingDays = 252.0

    /// Per-step standard deviation of an annualised volatility.
    public func perStep(_ annual: Double) -> Double {
        let stepsPerYear = Self.tradingDays * Double(sessionNanos) / Double(stepNanos)
        return annual / stepsPerYear.squareRoot()
    }

    /// The intraday volume profile: a U shape over the session, averaging 1 (2 at the open and close, 0.5 at
    /// mid-day).
    ///
    /// - Parameter fraction: elapsed fraction of the session, 0...1.
    public static func volumeProfile(_ fraction: Double) -> Double {
        let x = fraction - 0.5
        return 0.5 + 6 * x * x
    }
}
