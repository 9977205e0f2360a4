import Model

/// Settings of the analytics stages, with documented defaults.
///
/// Bars of ``interval`` are one period: volatilities are annualised with ``periodsPerYear``, and the per-period
/// covariance is scaled by ``periodsPerDay`` to the 1-day covariance the VaR horizons (in days) start from.
public struct AnalyticsConfiguration: Sendable {
    // MARK: Per instrument

    /// The bars analysed (`bars.1m` by default).
    public var interval: BarInterval = .oneMinute
    /// EWMA decay of the return variance and of the covariance (0.94, RiskMetrics).
    public var lambda = 0.94
    /// Returns in the realized-volatility window (390: one US session of 1-minute bars).
    public var realizedWindow = 390
    /// Fitted GARCH(1,1) parameters per instrument (`tickflow analytics fit-garch`); empty by default.
    public var garch = GARCHParameterFile(interval: .oneMinute)
    /// The default GARCH(1,1) of an instrument without fitted parameters: α 0.05, β 0.90, and ω targeting the
    /// variance of its first ``garchWarmUp`` returns, `ω = s² (1 − α − β)`; no GARCH metric before that.
    public var defaultGARCHAlpha = 0.05
    /// See ``defaultGARCHAlpha``.
    public var defaultGARCHBeta = 0.90
    /// Returns the default GARCH's ω is targeted on (20).
    public var garchWarmUp = 20
    /// Horizon of the GARCH volatility forecast, in trading days (10).
    public var forecastHorizonDays: UInt32 = 10
    /// Anomaly detector settings (its staleness limit is replaced by ``staleAfterIntervals``).
    public var anomaly = AnomalyDetector.Configuration()
    /// A bar more than this many intervals after the previous one of its instrument is stale (5).
    public var staleAfterIntervals = 5
    /// Scores above this go to `analytics.anomalies` (0.8).
    public var anomalyThreshold = 0.8
    /// Forward accepted bars to `analytics.universe-bars` for the portfolio stage running on Kafka (false).
    public var forwardToUniverse = false

    // MARK: Portfolio

    /// Currency risk is reported in; holdings in another base currency are refused ("USD").
    public var baseCurrency = "USD"
    /// VaR/ES confidence levels (95 %, 97.5 %, 99 %).
    public var confidences = RiskMeasure.standardConfidences
    /// VaR/ES horizons in days (1 and 10).
    public var horizonsDays: [UInt32] = [1, 10]
    /// Confidence of the marginal / component / incremental VaR per holding (99 %).
    public var decompositionConfidence = 0.99
    /// Covariance updates (closed bar windows) before portfolio VaR is published (20).
    public var minimumCovarianceUpdates = 20
    /// A bar window is folded into the covariance once every instrument with bars (or held) has a bar of a later
    /// window, or once a bar this many windows later arrives (60).
    public var maximumLagWindows = 60
    /// Periods of portfolio P&L in the historical-VaR window (250).
    public var historicalWindow = 250
    /// P&L periods needed before historical VaR is published (20).
    public var historicalMinimum = 20
    /// Run Monte Carlo VaR every this many ns of bar time (15 minutes); `nil` only on demand.
    public var monteCarloEveryNanos: Int64? = 15 * Timestamp.nanosPerMinute
    /// Monte Carlo settings (10,000 normal scenarios, seed 42).
    public var monteCarlo = MonteCarloVaR.Configuration()
    /// Instruments holdings may name (from the instrument master); `nil` accepts any.
    public var knownInstruments: Set<String>?

    /// Default settings.
    public init() {}

    /// Default settings for bars of `interval` (with an empty GARCH file of that interval).
    public init(interval: BarInterval) {
        self.interval = interval
        garch = GARCHParameterFile(interval: interval)
    }

    /// The anomaly detector settings with the staleness limit in nanoseconds.
    var detector: AnomalyDetector.Configuration {
        var detector = anomaly
        detector.staleAfterNanos = Int64(staleAfterIntervals) * interval.nanos
        return detector
    }

    /// Bars per trading day: 1 for daily bars, else a 6.5-hour session divided by the interval.
    public var periodsPerDay: Double {
        interval == .oneDay ? 1 : Double(23_400 * Timestamp.nanosPerSecond) / Double(interval.nanos)
    }

    /// Bars per year: 252 trading days.
    public var periodsPerYear: Double { 252 * periodsPerDay }

    /// Checks the settings.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` naming the first bad setting.
    public func validate() throws {
        func fail(_ message: String) -> AnalyticsError { AnalyticsError(.invalidInput, context: "AnalyticsConfiguration", message) }
        guard lambda > 0, lambda < 1 else { throw fail("lambda \(lambda) is not in (0, 1)") }
        guard realizedWindow >= 1, garchWarmUp >= 2, historicalWindow >= 1, historicalMinimum >= 1, maximumLagWindows >= 1,
            staleAfterIntervals >= 1
        else {
            throw fail("windows must be positive (garchWarmUp ≥ 2)")
        }
        guard defaultGARCHAlpha >= 0, defaultGARCHBeta >= 0, defaultGARCHAlpha + defaultGARCHBeta < 1 else {
            throw fail("default GARCH needs α, β ≥ 0 and α + β < 1")
        }
        guard !confidences.isEmpty, confidences.allSatisfy({ $0 > 0 && $0 < 1 }), decompositionConfidence > 0,
            decompositionConfidence < 1
        else { throw fail("confidences must be in (0, 1)") }
        guard !horizonsDays.isEmpty, !horizonsDays.contains(0), forecastHorizonDays >= 1 else {
            throw fail("horizons must be at least one day")
        }
        guard garch.instruments.isEmpty || garch.interval == interval else {
            throw fail("GARCH parameters were fitted on \(garch.interval.name) bars, the stage runs on \(interval.name)")
        }
        if let every = monteCarloEveryNanos, every <= 0 { throw fail("Monte Carlo period must be positive") }
    }
}
