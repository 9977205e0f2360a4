import Model

/// The live market views the API reads: latest quote and top of book per instrument, recent bars per interval,
/// latest risk metrics per portfolio, recent anomalies, instrument reference data.
///
/// Two implementations with one contract (tested by one suite against both): ``RedisMarketViewStore`` for the
/// distributed deployment and ``InMemoryMarketViewStore`` for the embedded default.
///
/// Ordering rules, the same in both, so that a replayed or reordered stream never moves a view backwards:
/// quotes, tops of book, instruments and risk metrics keep the value with the newest event time (ties: the
/// later write); a bar replaces the bar of the same window only with an equal or higher revision; each
/// (instrument, interval) keeps its ``MarketViewLimits/barsPerSeries`` most recent windows; anomalies are kept
/// newest first, ``MarketViewLimits/anomalies`` in all and ``MarketViewLimits/anomaliesPerInstrument`` per
/// instrument.
public protocol MarketViewStore: Sendable {
    /// Applies updates in order.
    ///
    /// - Throws: ``ServingError`` (`cacheUnavailable`) when the backing store cannot be reached.
    func apply(_ updates: [MarketViewUpdate]) async throws(ServingError)

    /// The latest quotes of the instruments that have one, in the order asked.
    func quotes(_ instrumentIds: [String]) async throws(ServingError) -> [Quote]

    /// The tops of book of the instruments that have one, in the order asked.
    func topsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> [TopOfBook]

    /// The latest quotes and tops of book together, each in the order asked: one round trip where the store can
    /// (the quote endpoints' read).
    func quotesAndTopsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> (quotes: [Quote], topsOfBook: [TopOfBook])

    /// The bars of one instrument and interval whose window starts in `[fromNanos, toNanos)`, oldest first.
    func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar]

    /// The window start of the oldest bar still held for an instrument and interval: a range starting before it
    /// must be read from the warehouse. Nil when none is held.
    func oldestBarStart(_ instrumentId: String, interval: BarInterval) async throws(ServingError) -> Int64?

    /// The latest risk metrics of a portfolio, ordered by kind, method, confidence, horizon and instrument.
    func riskMetrics(portfolioId: String) async throws(ServingError) -> [RiskMetric]

    /// The most recent anomalies, newest first: all instruments', or one's.
    func anomalies(instrumentId: String?, limit: Int) async throws(ServingError) -> [Anomaly]

    /// Reference data of the instruments known, in the order asked.
    func instruments(_ ids: [String]) async throws(ServingError) -> [Instrument]

    /// Checks that the store answers (`GET /ready`).
    ///
    /// - Throws: ``ServingError`` (`cacheUnavailable`) when it does not.
    func ping() async throws(ServingError)
}

extension MarketViewStore {
    /// ``quotes(_:)`` then ``topsOfBook(_:)``, for stores where two reads cost no more than one.
    public func quotesAndTopsOfBook(_ instrumentIds: [String]) async throws(ServingError) -> (quotes: [Quote], topsOfBook: [TopOfBook]) {
        (try await quotes(instrumentIds), try await topsOfBook(instrumentIds))
    }
}

/// How much history the views keep.
public struct MarketViewLimits: Sendable, Hashable {
    /// Bars kept per instrument and interval (default 1,440: a day of one-minute bars).
    public var barsPerSeries: Int
    /// Anomalies kept across all instruments (default 1,000).
    public var anomalies: Int
    /// Anomalies kept per instrument (default 100).
    public var anomaliesPerInstrument: Int

    /// Creates limits.
    public init(barsPerSeries: Int = 1_440, anomalies: Int = 1_000, anomaliesPerInstrument: Int = 100) {
        self.barsPerSeries = barsPerSeries
        self.anomalies = anomalies
        self.anomaliesPerInstrument = anomaliesPerInstrument
    }
}

extension RiskMetric {
    /// The order ``MarketViewStore/riskMetrics(portfolioId:)`` returns metrics in.
    static func viewOrder(_ a: RiskMetric, _ b: RiskMetric) -> Bool {
        (a.kind.rawValue, a.method.rawValue, a.confidence, a.horizonDays, a.instrumentId)
            < (b.kind.rawValue, b.method.rawValue, b.confidence, b.horizonDays, b.instrumentId)
    }
}
