/// Reference data of one tradable instrument (`tickflow.v1.Instrument`, topic `reference.instruments`).
public struct Instrument: Sendable, Hashable, Codable, Identifiable {
    /// Instrument id, a UUID string; the Kafka key of every instrument-keyed topic.
    public var id: String
    /// Ticker or local symbol, e.g. `AAPL`, `US10Y`, `EURUSD`.
    public var symbol: String
    /// Full name, e.g. `Apple Inc.`.
    public var name: String
    /// Asset class.
    public var assetClass: AssetClass
    /// ISO 4217 trading currency.
    public var currency: String
    /// Sector, e.g. `Information Technology`; empty when not applicable.
    public var sector: String
    /// Region, e.g. `North America`.
    public var region: String
    /// Primary venue MIC, e.g. `XNAS`; empty for OTC instruments.
    public var venue: String
    /// Minimum tradable quantity (shares, contracts or face amount).
    public var lotSize: Double
    /// Minimum price increment.
    public var tickSize: Double
    /// Option terms; present only for options.
    public var option: OptionTerms?
    /// When this version of the reference data took effect, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow loaded it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates an instrument.
    public init(
        id: String, symbol: String, name: String, assetClass: AssetClass, currency: String, sector: String = "",
        region: String, venue: String, lotSize: Double, tickSize: Double, option: OptionTerms? = nil,
        eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.id = id
        self.symbol = symbol
        self.name = name
        self.assetClass = assetClass
        self.currency = currency
        self.sector = sector
        self.region = region
        self.venue = venue
        self.lotSize = lotSize
        self.tickSize = tickSize
        self.option = option
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// Whether the instrument is an option.
    public var isOption: Bool { option != nil }
}
