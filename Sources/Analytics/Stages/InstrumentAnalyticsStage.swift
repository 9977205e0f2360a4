import Foundation
import Model
import Stream

/// The per-instrument analytics stage: on every bar of the configured interval, the log return, EWMA, realized
/// and GARCH(1,1) volatility with its forecast to `analytics.risk`, and the anomaly score, to
/// `analytics.anomalies` when above the threshold.
///
/// **Partitioning.** State is per instrument (the bar key), so the stage runs per input partition like the tick
/// processor: on Kafka one operator per partition number of `bars.<interval>` and `market-data.top-of-book`, read
/// co-partitioned (``PartitionedProcessorConfiguration/coPartitioned``), so that an instrument's books reach the
/// operator scoring its bars, as in process where one operator reads both topics. Top-of-book records feed the
/// spread and crossed components of the next bar's anomaly score.
///
/// **As-of time.** Every metric and anomaly is stamped with the as-of time of its input: the bar's window end
/// (`eventTimeNanos`) — never the wall clock — and the bar's ingest time; replaying the same bars gives the same
/// records, bit for bit.
///
/// **Instrument-level metrics** use the reserved portfolio id ``portfolioId(ofInstrument:)`` (`instrument:<id>`),
/// with `instrumentId` set: annualised volatility by EWMA (method `ewma`), realized over the window
/// (`historical`), GARCH conditional (`garch`, horizon 1) and the GARCH forecast over
/// ``AnalyticsConfiguration/forecastHorizonDays`` (`garch`, that horizon).
///
/// **Bad input** is refused with a reason code (dead-lettered to `dlq.analytics` by the runner): `INVALID_BAR`
/// (a non-finite or non-positive price, negative volume), `WRONG_INTERVAL`, `STALE_BAR` (a revision or a bar at
/// or before the last one folded in: returns are only taken forward in time), `INVALID_BOOK`.
public struct InstrumentAnalyticsStage: Operator {
    public typealias Input = AnalyticsInput
    public typealias Output = AnalyticsOutput

    /// The settings.
    public let configuration: AnalyticsConfiguration
    private var states = KeyedState<InstrumentAnalyticsState>()

    /// The detector name on anomalies.
    public static let detectorName = "bar-ewma-robust"

    /// A stage with the given settings.
    ///
    /// - Throws: ``AnalyticsError`` when the settings are invalid.
    public init(configuration: AnalyticsConfiguration = AnalyticsConfiguration()) throws {
        try configuration.validate()
        self.configuration = configuration
    }

    /// The portfolio id instrument-level metrics carry: `instrument:<id>`.
    public static func portfolioId(ofInstrument instrumentId: String) -> String { "instrument:\(instrumentId)" }

    public mutating func process(_ batch: [StreamRecord<AnalyticsInput>], into output: inout OperatorOutput<AnalyticsOutput>) throws {
        for record in batch {
            switch record.value {
            case .bar(let bar): try process(bar, record, into: &output)
            case .topOfBook(let book): apply(book, record, into: &output)
            case .holdings: break  // the portfolio stage's input
            }
        }
    }

    public func snapshotState() throws -> [UInt8] { try states.snapshot() }

    public mutating func restoreState(from bytes: [UInt8]) throws {
        states = try KeyedState(restoring: bytes)
    }

    // MARK: - Bars

    private mutating func process(
        _ bar: Bar, _ record: StreamRecord<AnalyticsInput>, into output: inout OperatorOutput<AnalyticsOutput>
    ) throws {
        if let reason = Self.problem(of: bar) {
            output.reject(record, reasonCode: "INVALID_BAR", reason: "bar of \(bar.instrumentId) at \(bar.windowStartNanos): \(reason)")
            return
        }
        guard bar.interval == configuration.interval else {
            output.reject(record, reasonCode: "WRONG_INTERVAL", reason: "a \(bar.interval.name) bar on the \(configuration.interval.name) stage")
            return
        }
        let key = Array(bar.instrumentId.utf8)
        var state = try states[key] ?? makeState(instrumentId: bar.instrumentId, symbol: bar.symbol)
        if let last = state.lastWindowStart, bar.windowStartNanos <= last {
            output.reject(
                record, reasonCode: "STALE_BAR",
                reason: "bar of \(bar.instrumentId) at \(bar.windowStartNanos) (revision \(bar.revision)) is not after the last one folded in (\(last))")
            return
        }
        state.lastWindowStart = bar.windowStartNanos
        state.symbol = bar.symbol
        let logReturn = try state.returns.update(price: bar.close)
        if let r = logReturn {
            try state.ewma.update(r)
            try state.realized.update(r)
            try state.updateGARCH(r, configuration: configuration)
            emitVolatility(of: bar, state: state, into: &output)
        }
        let score = state.detector.score(AnomalyObservation(
            eventTimeNanos: bar.windowEndNanos, logReturn: logReturn, volume: bar.volume, bid: state.bid, ask: state.ask))
        if score.score > configuration.anomalyThreshold {
            output.emit(StreamRecord(
                key: key, value: .anomaly(anomaly(score, bar: bar)), eventTimeNanos: bar.windowEndNanos, position: record.position))
        }
        states[key] = state
        if configuration.forwardToUniverse {
            output.emit(StreamRecord(
                key: AnalyticsInput.universeKey, value: .universeBar(bar), eventTimeNanos: bar.windowEndNanos, position: record.position))
        }
    }

    /// A new instrument's state, with its fitted GARCH parameters if any.
    private func makeState(instrumentId: String, symbol: String) throws -> InstrumentAnalyticsState {
        try InstrumentAnalyticsState(symbol: symbol, configuration: configuration, fitted: try configuration.garch.parameters(for: instrumentId))
    }

    /// Why a bar cannot be used, or `nil`.
    static func problem(of bar: Bar) -> String? {
        for (name, price) in [("open", bar.open), ("high", bar.high), ("low", bar.low), ("close", bar.close)] {
            if !(price.isFinite && price > 0) { return "\(name) \(price) is not a finite positive price" }
        }
        if !(bar.volume.isFinite && bar.volume >= 0) { return "volume \(bar.volume) is not finite and non-negative" }
        if bar.instrumentId.isEmpty { return "no instrument id" }
        return nil
    }

    private func emitVolatility(of bar: Bar, state: InstrumentAnalyticsState, into output: inout OperatorOutput<AnalyticsOutput>) {
        let year = configuration.periodsPerYear
        var values: [(RiskMethod, UInt32, Double)] = []
        if let variance = state.ewma.variance { values.append((.ewma, 1, (variance * year).squareRoot())) }
        if let annual = state.realized.annualizedVolatility(periodsPerYear: year) { values.append((.historical, 1, annual)) }
        if let garch = state.garch {
            values.append((.garch, 1, (garch.variance * year).squareRoot()))
            let steps = max(1, Int((Double(configuration.forecastHorizonDays) * configuration.periodsPerDay).rounded()))
            let perPeriod = garch.forecastCumulativeVariance(steps: steps) / Double(steps)
            values.append((.garch, configuration.forecastHorizonDays, (perPeriod * year).squareRoot()))
        }
        let portfolio = Self.portfolioId(ofInstrument: bar.instrumentId)
        for (method, horizon, value) in values {
            let metric = RiskMetric(
                portfolioId: portfolio, instrumentId: bar.instrumentId, kind: .volatility, method: method, confidence: 0,
                horizonDays: horizon, value: value, currency: "", eventTimeNanos: bar.windowEndNanos, ingestTimeNanos: bar.ingestTimeNanos)
            output.emit(StreamRecord(key: Array(portfolio.utf8), value: .risk(metric), eventTimeNanos: bar.windowEndNanos))
        }
    }

    private func anomaly(_ score: AnomalyScore, bar: Bar) -> Anomaly {
        let c = score.components
        let components = [
            "return_zscore": c.returnScore, "volume_zscore": c.volumeScore, "spread_zscore": c.spreadScore,
            "crossed": c.crossedScore, "stale": c.staleScore,
        ]
        var reasons: [String] = []
        if let z = score.returnZ { reasons.append("return z \(String(format: "%.2f", z))") }
        if let z = score.volumeZ { reasons.append("volume z \(String(format: "%.2f", z))") }
        if let z = score.spreadZ { reasons.append("spread z \(String(format: "%.2f", z))") }
        if score.crossed { reasons.append("crossed book") }
        if score.stale { reasons.append("stale") }
        return Anomaly(
            instrumentId: bar.instrumentId, symbol: bar.symbol, score: score.score, components: components,
            threshold: configuration.anomalyThreshold, detector: Self.detectorName, description: reasons.joined(separator: ", "),
            eventTimeNanos: bar.windowEndNanos, ingestTimeNanos: bar.ingestTimeNanos)
    }

    // MARK: - Books

    private mutating func apply(_ book: TopOfBook, _ record: StreamRecord<AnalyticsInput>, into output: inout OperatorOutput<AnalyticsOutput>) {
        guard book.bidPrice.isFinite, book.askPrice.isFinite, book.bidPrice > 0, book.askPrice > 0 else {
            output.reject(record, reasonCode: "INVALID_BOOK", reason: "book of \(book.instrumentId): bid \(book.bidPrice) ask \(book.askPrice)")
            return
        }
        let key = Array(book.instrumentId.utf8)
        var state: InstrumentAnalyticsState
        do {
            state = try states[key] ?? makeState(instrumentId: book.instrumentId, symbol: book.symbol)
        } catch {
            output.reject(record, reasonCode: "INVALID_BOOK", reason: "book of \(book.instrumentId): \(error)")
            return
        }
        state.bid = book.bidPrice
        state.ask = book.askPrice
        states[key] = state
    }
}
