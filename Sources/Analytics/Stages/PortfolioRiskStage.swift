import Foundation
import Model
import Stream

/// The portfolio stage: the cross-section and per-portfolio risk, updated as bars arrive.
///
/// - **Covariance**: an EWMA covariance of base-currency log returns over the universe (every instrument seen in
///   a bar or a holding), folded in once per bar window (O(n²), never recomputed): the window's return vector is
///   the summed log return of each instrument over it (0 for one without a bar). A window is folded once every
///   instrument with bars (or held) has passed it, so bars arriving partition by partition still line up, or
///   once it is ``AnalyticsConfiguration/maximumLagWindows`` behind the newest bar. It stays PSD by construction
///   (`λΣ + (1 − λ) r rᵀ`); the Monte Carlo Cholesky repairs it to the nearest PSD matrix if rounding ever
///   breaks definiteness.
/// - **Parametric VaR/ES** per portfolio at every configured confidence and horizon, updated in O(n) on every
///   price (``IncrementalParametricVaR/updatePrice(at:to:)``) and quantity change, and on each window close (new
///   covariance). Published once the covariance has ``AnalyticsConfiguration/minimumCovarianceUpdates``.
/// - On each **window close**: the marginal / component / incremental VaR per holding (``AnalyticsConfiguration/
///   decompositionConfidence``, every horizon; `instrumentId` set), historical VaR/ES over the rolling window of
///   the portfolio's hypothetical P&L, and — every ``AnalyticsConfiguration/monteCarloEveryNanos`` of **bar time**
///   (deterministic, replayable) — seeded Monte Carlo VaR/ES. ``monteCarlo(portfolioId:)`` runs it on demand.
///
/// **Why one operator sees every instrument.** Cross-sectional state cannot be split by instrument partition.
/// In process the stage runs in one lane fed by all partitions (``AnalyticsPipeline``); on Kafka the
/// per-instrument stage forwards each accepted bar to the one-partition topic `analytics.universe-bars`, and this
/// stage runs as a ``PartitionedProcessor`` on it: one operator, one totally ordered log, checkpointed and
/// exactly-once like any partition. Holdings come from the compacted `portfolios.holdings`, read whole as a
/// broadcast side input (or seeded from a file); a holdings record not newer than the one in force is ignored,
/// so redelivery is idempotent. A holdings change takes effect where it reaches the stage in the bar log; after a
/// crash the runner applies the side input before replaying bars, so outputs regenerated after a holdings change
/// that arrived between the last snapshot and the crash may use the newer holdings (each is still written once).
///
/// **As-of time.** Every metric carries `eventTimeNanos` = the latest input that went into it: the window end of
/// the latest bar folded in, or the holdings' time if later — never the wall clock.
///
/// **Prices** are bar closes converted to the base currency: as is when the bar's currency is the base, else by
/// the bar's own rate `notionalBase / (vwap × volume)` (the last such rate for a bar without trades).
///
/// **Bad input** is refused with a reason code: `INVALID_BAR`, `CURRENCY_MISMATCH`, `NO_FX_RATE`,
/// `UNKNOWN_INSTRUMENT` (holdings naming an instrument not in ``AnalyticsConfiguration/knownInstruments``),
/// `INVALID_HOLDINGS` (a quantity that is not a finite number).
public struct PortfolioRiskStage: Operator {
    public typealias Input = AnalyticsInput
    public typealias Output = AnalyticsOutput

    /// The settings.
    public let configuration: AnalyticsConfiguration
    var state = PortfolioRiskState()
    let levels: [ParametricVaR.Level]

    /// A stage with the given settings and portfolios seeded from a file (they act as if received at their
    /// `eventTimeNanos`; a later holdings record of the same portfolio replaces them).
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` for invalid settings or an invalid seeded portfolio.
    public init(configuration: AnalyticsConfiguration = AnalyticsConfiguration(), portfolios: [PortfolioHoldings] = []) throws {
        try configuration.validate()
        self.configuration = configuration
        levels = try configuration.horizonsDays.flatMap { horizon in
            try configuration.confidences.map { try ParametricVaR.Level(confidence: $0, horizonDays: Double(horizon)) }
        }
        for holdings in portfolios {
            var output = OperatorOutput<AnalyticsOutput>()
            try apply(holdings, record: AnalyticsInput.holdings(holdings).record, into: &output)
            if let rejection = output.rejections.first {
                throw AnalyticsError(.invalidInput, context: "portfolio \(holdings.portfolioId)", "\(rejection.reasonCode): \(rejection.reason)")
            }
        }
    }

    public mutating func process(_ batch: [StreamRecord<AnalyticsInput>], into output: inout OperatorOutput<AnalyticsOutput>) throws {
        for record in batch {
            switch record.value {
            case .bar(let bar): try process(bar, record: record, into: &output)
            case .holdings(let holdings): try apply(holdings, record: record, into: &output)
            case .topOfBook: break  // the per-instrument stage's input
            }
        }
    }

    public func snapshotState() throws -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return [UInt8](try encoder.encode(state))
        } catch {
            throw StreamError(.checkpoint, "cannot encode the portfolio-risk state", underlying: error)
        }
    }

    public mutating func restoreState(from bytes: [UInt8]) throws {
        guard !bytes.isEmpty else {
            state = PortfolioRiskState()
            return
        }
        do {
            state = try JSONDecoder().decode(PortfolioRiskState.self, from: Data(bytes))
        } catch {
            throw StreamError(.checkpoint, "invalid portfolio-risk state", underlying: error)
        }
    }

    /// The ids of the portfolios held, sorted.
    public var portfolioIds: [String] { state.portfolios.keys.sorted() }

    // MARK: - Bars

    private mutating func process(_ bar: Bar, record: StreamRecord<AnalyticsInput>, into output: inout OperatorOutput<AnalyticsOutput>) throws {
        if let reason = InstrumentAnalyticsStage.problem(of: bar) {
            output.reject(record, reasonCode: "INVALID_BAR", reason: "bar of \(bar.instrumentId) at \(bar.windowStartNanos): \(reason)")
            return
        }
        guard bar.baseCurrency == configuration.baseCurrency else {
            output.reject(
                record, reasonCode: "CURRENCY_MISMATCH",
                reason: "bar of \(bar.instrumentId) is valued in \(bar.baseCurrency), the stage reports in \(configuration.baseCurrency)")
            return
        }
        let i = try state.index(of: bar.instrumentId, lambda: configuration.lambda)
        let fx = bar.impliedBaseRate ?? state.fxToBase[i]
        guard fx > 0, fx.isFinite else {
            output.reject(record, reasonCode: "NO_FX_RATE", reason: "no \(bar.currency)\(bar.baseCurrency) rate yet for the trade-less bar of \(bar.instrumentId)")
            return
        }
        state.fxToBase[i] = fx
        let price = bar.close * fx
        let previous = state.prices[i]
        var window = bar.windowStartNanos
        if let closed = state.lastClosedWindow, window <= closed { window = closed + configuration.interval.nanos }
        state.record(previous > 0 ? Foundation.log(price / previous) : nil, close: price, at: i, window: window)
        state.latestWindow[i] = max(state.latestWindow[i], bar.windowStartNanos)
        state.prices[i] = price
        state.asOfNanos = max(state.asOfNanos, bar.windowEndNanos)
        state.ingestNanos = max(state.ingestNanos, bar.ingestTimeNanos)

        for id in portfolioIds {
            guard let local = state.portfolios[id]?.members.firstIndex(of: i), state.portfolios[id]?.engine != nil else { continue }
            // In place: a copy of the portfolio would make the O(n) update copy its arrays first.
            try state.portfolios[id]?.engine?.updatePrice(at: local, to: price)
            emitParametric(id, into: &output)
        }
        try closeCompleteWindows(into: &output)
    }

    /// Rebuilds a portfolio's engine on the current covariance, O(k²).
    func refreshEngine(_ portfolio: inout PortfolioRiskState.Portfolio) throws {
        guard state.covarianceUpdates > 0 else { return }
        let covariance = state.covariance(of: portfolio.members, periodsPerDay: configuration.periodsPerDay)
        if portfolio.engine == nil {
            portfolio.engine = try IncrementalParametricVaR(
                covariance: covariance, quantities: portfolio.quantities, prices: portfolio.members.map { state.prices[$0] })
        } else {
            try portfolio.engine?.replaceCovariance(covariance)
        }
    }
}
