/// A validated trade or quote with reference data and its value in the base currency
/// (`tickflow.v1.EnrichedTick`, topic `market-data.enriched`).
public struct EnrichedTick: Sendable, Hashable, Codable {
    /// The original event, unchanged.
    public var event: MarketEvent
    /// ISO 4217 base (reporting) currency, e.g. `USD`.
    public var baseCurrency: String
    /// FX rate used: base-currency units per one unit of the event's currency (1 when the same).
    public var fxRate: Double
    /// Whether ``fxRate`` was interpolated or carried forward rather than observed at the event time.
    public var fxInterpolated: Bool
    /// Price in the base currency: the trade price, or the quote mid, times ``fxRate``.
    public var priceBase: Double
    /// Trade notional in the base currency; 0 for quotes (an analytic `Double`, not ledger money).
    public var notionalBase: Double
    /// Asset class from the instrument master.
    public var assetClass: AssetClass
    /// Sector from the instrument master; may be empty.
    public var sector: String
    /// Region from the instrument master; may be empty.
    public var region: String
    /// When the event was enriched, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates an enriched tick with explicit base-currency values.
    public init(
        event: MarketEvent, baseCurrency: String, fxRate: Double, fxInterpolated: Bool = false, priceBase: Double,
        notionalBase: Double, assetClass: AssetClass, sector: String, region: String, ingestTimeNanos: Int64
    ) {
        self.event = event
        self.baseCurrency = baseCurrency
        self.fxRate = fxRate
        self.fxInterpolated = fxInterpolated
        self.priceBase = priceBase
        self.notionalBase = notionalBase
        self.assetClass = assetClass
        self.sector = sector
        self.region = region
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// Enriches `event` with `instrument`'s reference data, converting with `fxRate`
    /// (base-currency units per unit of the event's currency).
    public init(
        event: MarketEvent, instrument: Instrument, baseCurrency: String, fxRate: Double, fxInterpolated: Bool = false,
        ingestTimeNanos: Int64
    ) {
        let (price, notional): (Double, Double)
        switch event {
        case .trade(let trade): (price, notional) = (trade.price * fxRate, trade.notional * fxRate)
        case .quote(let quote): (price, notional) = (quote.mid * fxRate, 0)
        }
        self.init(
            event: event, baseCurrency: baseCurrency, fxRate: fxRate, fxInterpolated: fxInterpolated,
            priceBase: price, notionalBase: notional, assetClass: instrument.assetClass, sector: instrument.sector,
            region: instrument.region, ingestTimeNanos: ingestTimeNanos)
    }

    /// The instrument id of the event; the Kafka key.
    public var instrumentId: String { event.instrumentId }

    /// The event time of the original event, ns since the epoch (UTC).
    public var eventTimeNanos: Int64 { event.eventTimeNanos }
}
