/// Open/high/low/close/volume of one instrument over one event-time window `[windowStartNanos, windowEndNanos)`
/// (`tickflow.v1.Bar`).
///
/// A bar may be published more than once: a late trade re-emits it with a higher ``revision``.
/// Consumers upsert on ``upsertKey`` and keep the highest revision.
public struct Bar: Sendable, Hashable, Codable {
    /// Instrument id (UUID string); the Kafka key.
    public var instrumentId: String
    /// Ticker or local symbol.
    public var symbol: String
    /// Window length.
    public var interval: BarInterval
    /// Inclusive window start, ns since the epoch (UTC).
    public var windowStartNanos: Int64
    /// Exclusive window end, ns since the epoch (UTC); `windowStartNanos + interval.nanos`.
    public var windowEndNanos: Int64
    /// First trade price in the window, in ``currency``.
    public var open: Double
    /// Highest trade price.
    public var high: Double
    /// Lowest trade price.
    public var low: Double
    /// Last trade price.
    public var close: Double
    /// Total traded quantity.
    public var volume: Double
    /// Volume-weighted average price.
    public var vwap: Double
    /// Number of trades aggregated.
    public var tradeCount: UInt64
    /// ISO 4217 currency of the prices.
    public var currency: String
    /// Sum of price x quantity in ``baseCurrency`` (an analytic `Double`, not ledger money).
    public var notionalBase: Double
    /// ISO 4217 base (reporting) currency of ``notionalBase``.
    public var baseCurrency: String
    /// 0 for the first emission of this window, incremented on each re-emission.
    public var revision: UInt32
    /// Event time of the last trade included, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When this revision was emitted, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a bar. `windowEndNanos` is derived from the start and the interval.
    public init(
        instrumentId: String, symbol: String, interval: BarInterval, windowStartNanos: Int64, open: Double,
        high: Double, low: Double, close: Double, volume: Double, vwap: Double, tradeCount: UInt64,
        currency: String, notionalBase: Double, baseCurrency: String, revision: UInt32 = 0,
        eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.interval = interval
        self.windowStartNanos = windowStartNanos
        self.windowEndNanos = windowStartNanos + interval.nanos
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.vwap = vwap
        self.tradeCount = tradeCount
        self.currency = currency
        self.notionalBase = notionalBase
        self.baseCurrency = baseCurrency
        self.revision = revision
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// What identifies the window across revisions.
    public struct UpsertKey: Sendable, Hashable, Codable {
        /// Instrument id.
        public var instrumentId: String
        /// Window length.
        public var interval: BarInterval
        /// Inclusive window start, ns since the epoch (UTC).
        public var windowStartNanos: Int64
    }

    /// The key consumers upsert on: instrument, interval and window start.
    public var upsertKey: UpsertKey {
        UpsertKey(instrumentId: instrumentId, interval: interval, windowStartNanos: windowStartNanos)
    }
}
