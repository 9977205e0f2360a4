import Model
import Stream

extension PortfolioRiskStage {
    /// Monte Carlo VaR and ES of a portfolio now, at every configured confidence and horizon, on the current
    /// covariance and prices (seeded: the same state gives the same figures). For the API's on-demand runs; the
    /// stage also runs it on its bar-time schedule.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` for an unknown portfolio or one without a covariance yet;
    ///   what ``MonteCarloVaR/simulate(exposures:gammas:covariance:)`` throws.
    public func monteCarlo(portfolioId id: String) throws -> [RiskMetric] {
        guard let engine = state.portfolios[id]?.engine else {
            throw AnalyticsError(.invalidInput, context: "PortfolioRiskStage.monteCarlo", "no portfolio \(id) with a covariance yet")
        }
        let result = try MonteCarloVaR(configuration: configuration.monteCarlo).simulate(exposures: engine.exposures, covariance: engine.covariance)
        return try configuration.horizonsDays.flatMap { horizon in
            try configuration.confidences.flatMap { confidence in
                measures(id, method: .monteCarlo, try result.measure(confidence: confidence, horizonDays: Double(horizon)))
            }
        }
    }

    /// The parametric VaR and ES of a portfolio now, O(1) per level.
    func emitParametric(_ id: String, into output: inout OperatorOutput<AnalyticsOutput>) {
        guard state.covarianceUpdates >= configuration.minimumCovarianceUpdates, let engine = state.portfolios[id]?.engine else { return }
        for level in levels { output.emit(contentsOf: measures(id, method: .parametric, engine.measure(level)).map { record($0) }) }
    }

    /// Marginal, component and incremental VaR per holding, O(n) per horizon.
    func emitDecomposition(_ id: String, into output: inout OperatorOutput<AnalyticsOutput>) {
        guard state.covarianceUpdates >= configuration.minimumCovarianceUpdates, let portfolio = state.portfolios[id],
            let engine = portfolio.engine
        else { return }
        let confidence = configuration.decompositionConfidence
        for horizon in configuration.horizonsDays {
            guard let split = try? engine.decomposition(confidence: confidence, horizonDays: Double(horizon)) else { continue }
            for (local, position) in portfolio.holdings.positions.enumerated() {
                for (kind, value) in [
                    (RiskMetricKind.marginalValueAtRisk, split.marginal[local]), (.componentValueAtRisk, split.component[local]),
                    (.incrementalValueAtRisk, split.incremental[local]),
                ] {
                    output.emit(record(metric(
                        id, instrument: position.instrumentId, kind: kind, method: .parametric, confidence: confidence,
                        horizon: horizon, value: value)))
                }
            }
        }
    }

    /// Historical VaR and ES over the portfolio's rolling P&L window, scaled from one period to the horizon.
    func emitHistorical(_ id: String, into output: inout OperatorOutput<AnalyticsOutput>) {
        guard let pnl = state.portfolios[id]?.pnl, pnl.count >= configuration.historicalMinimum else { return }
        for horizon in configuration.horizonsDays {
            for confidence in configuration.confidences {
                let periods = Double(horizon) * configuration.periodsPerDay
                guard let measure = try? HistoricalVaR.measure(pnl: pnl, confidence: confidence, horizonDays: periods) else { continue }
                // The measure's horizon is in periods; the metric's in days.
                let daily = RiskMeasure(
                    confidence: confidence, horizonDays: Double(horizon), valueAtRisk: measure.valueAtRisk,
                    expectedShortfall: measure.expectedShortfall)
                output.emit(contentsOf: measures(id, method: .historical, daily).map { record($0) })
            }
        }
    }

    /// A VaR and an ES metric of the whole portfolio.
    func measures(_ id: String, method: RiskMethod, _ measure: RiskMeasure) -> [RiskMetric] {
        let horizon = UInt32(measure.horizonDays.rounded())
        return [
            metric(id, kind: .valueAtRisk, method: method, confidence: measure.confidence, horizon: horizon, value: measure.valueAtRisk),
            metric(id, kind: .expectedShortfall, method: method, confidence: measure.confidence, horizon: horizon, value: measure.expectedShortfall),
        ]
    }

    /// A metric stamped with the as-of time of the stage's inputs.
    func metric(
        _ id: String, instrument: String = "", kind: RiskMetricKind, method: RiskMethod, confidence: Double, horizon: UInt32,
        value: Double
    ) -> RiskMetric {
        RiskMetric(
            portfolioId: id, instrumentId: instrument, kind: kind, method: method, confidence: confidence, horizonDays: horizon,
            value: value, currency: configuration.baseCurrency, eventTimeNanos: state.asOfNanos, ingestTimeNanos: state.ingestNanos)
    }

    /// The output record of a metric, keyed by its portfolio.
    func record(_ metric: RiskMetric) -> StreamRecord<AnalyticsOutput> {
        StreamRecord(key: Array(metric.portfolioId.utf8), value: .risk(metric), eventTimeNanos: metric.eventTimeNanos)
    }
}
