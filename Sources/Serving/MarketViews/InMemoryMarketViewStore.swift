import Model
import Synchronization

/// The market views in this process's memory: the embedded default, with the same contract as Redis
/// (``MarketViewStore``).
public final class InMemoryMarketViewStore: MarketViewStore {
    private struct Series {
        /// Window start → bar, kept sorted by window start on read.
        var bars: [Int64: Bar] = [:]
    }

    private struct State {
        var quotes: [String: Quote] = [:]
        var topsOfBook: [String: TopOfBook] = [:]
        var instruments: [String: Instrument] = [:]
        var series: [String: [BarInterval: Series]] = [:]
        var risk: [String: [String: RiskMetric]] = [:]
        /// Oldest first; trimmed from the front.
        var anomalies: [Anomaly] = []
        var anomaliesByInstrument: [String: [Anomaly]] = [:]
    }

    /// What the views keep.
    public let limits: MarketViewLimits
    private let state = Mutex(State())

    /// Creates empty views.
    public init(limits: MarketViewLimits = MarketViewLimits()) {
        self.limits = limits
    }

    public func apply(_ updates: [MarketViewUpdate]) async throws(ServingError) {
        state.withLock { state in
            for update in updates { apply(update, to: &state) }
        }
    }

    private func apply(_ update: MarketViewUpdate, to state: inout State) {
        switch update {
        case .quote(let quote):
            if (state.quotes[quote.instrumentId]?.eventTimeNanos ?? .min) <= quote.eventTimeNanos {
                state.quotes[quote.instrumentId] = quote
            }
        case .topOfBook(let book):
            if (state.topsOfBook[book.instrumentId]?.eventTimeNanos ?? .min) <= book.eventTimeNanos {
                state.topsOfBook[book.instrumentId] = book
            }
        case .instrument(let instrument):
            if (state.instruments[instrument.id]?.eventTimeNanos ?? .min) <= instrument.eventTimeNanos {
                state.instruments[instrument.id] = instrument
            }
        case .bar(let bar):
            var series = state.series[bar.instrumentId]?[bar.interval] ?? Series()
            guard (series.bars[bar.windowStartNanos]?.revision ?? 0) <= bar.revision else { return }
            series.bars[bar.windowStartNanos] = bar
            if series.bars.count > limits.barsPerSeries {
                for start in series.bars.keys.sorted().prefix(series.bars.count - limits.barsPerSeries) {
                    series.bars[start] = nil
                }
            }
            state.series[bar.instrumentId, default: [:]][bar.interval] = series
        case .risk(let metric):
            let identity = metric.viewIdentity
            if (state.risk[metric.portfolioId]?[identity]?.eventTimeNanos ?? .min) <= metric.eventTimeNanos {
                state.risk[metric.portfolioId, default: [:]][identity] = metric
            }
        case .anomaly(let anomaly):
            state.anomalies.append(anomaly)
            if state.anomalies.count > limits.anomalies { state.anomalies.removeFirst(state.anomalies.count - limits.anomalies) }
            var recent = state.anomaliesByInstrument[anomaly.instrumentId] ?? []
            recent.append(anomaly)
            if recent.count > limits.anomaliesPerInstrument { recent.removeFirst(recent.count - limits.anomaliesPerInstrument) }
            state.anomaliesByInstrument[anomaly.instrumentId] = recent
        }
    }

    public func quotes(_ instrumentIds: [String]) async throws(ServingError) -> [Quote] {
        state.withLock { state in instrumentIds.compactMap { state.quotes[$0] } }
    }

    public func topsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> [TopOfBook] {
        state.withLock { state in instrumentIds.compactMap { state.topsOfBook[$0] } }
    }

    public func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar] {
        state.withLock { state in
            let bars = state.series[instrumentId]?[interval]?.bars ?? [:]
            return bars.values
                .filter { $0.windowStartNanos >= fromNanos && $0.windowStartNanos < toNanos }
                .sorted { $0.windowStartNanos < $1.windowStartNanos }
        }
    }

    public func oldestBarStart(_ instrumentId: String, interval: BarInterval) async throws(ServingError) -> Int64? {
        state.withLock { state in state.series[instrumentId]?[interval]?.bars.keys.min() }
    }

    public func riskMetrics(portfolioId: String) async throws(ServingError) -> [RiskMetric] {
        state.withLock { state in (state.risk[portfolioId]?.values).map { Array($0) } ?? [] }.sorted(by: RiskMetric.viewOrder)
    }

    public func anomalies(instrumentId: String?, limit: Int) async throws(ServingError) -> [Anomaly] {
        state.withLock { state in
            let recent = instrumentId.map { state.anomaliesByInstrument[$0] ?? [] } ?? state.anomalies
            return Array(recent.reversed().prefix(max(0, limit)))
        }
    }

    public func instruments(_ ids: [String]) async throws(ServingError) -> [Instrument] {
        state.withLock { state in ids.compactMap { state.instruments[$0] } }
    }

    /// Memory always answers.
    public func ping() async throws(ServingError) {}
}
