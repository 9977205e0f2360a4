/// A foreign-exchange rate: how many units of ``quoteCurrency`` buy one unit of ``baseCurrency``
/// (`tickflow.v1.FXRate`, topic `market-data.fx`, keyed by ``pair``).
public struct FXRate: Sendable, Hashable, Codable {
    /// ISO 4217 base currency, e.g. `EUR`.
    public var baseCurrency: String
    /// ISO 4217 quote currency, e.g. `USD`.
    public var quoteCurrency: String
    /// Mid rate, quote units per base unit, e.g. 1.08745.
    public var rate: Double
    /// Bid rate; 0 when the source only gives a mid.
    public var bid: Double
    /// Ask rate; 0 when the source only gives a mid.
    public var ask: Double
    /// Where the rate came from, e.g. `ECB`, `EBS`, `simulator`.
    public var source: String
    /// When the rate was observed, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a rate.
    public init(
        baseCurrency: String, quoteCurrency: String, rate: Double, bid: Double = 0, ask: Double = 0,
        source: String, eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.baseCurrency = baseCurrency
        self.quoteCurrency = quoteCurrency
        self.rate = rate
        self.bid = bid
        self.ask = ask
        self.source = source
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }

    /// The pair, base then quote without separator, e.g. `EURUSD`; the Kafka key.
    public var pair: String { baseCurrency + quoteCurrency }

    /// The opposite rate (`USDEUR` from `EURUSD`): mid, bid and ask inverted, bid and ask swapped.
    public var inverted: FXRate {
        FXRate(
            baseCurrency: quoteCurrency, quoteCurrency: baseCurrency, rate: 1 / rate,
            bid: ask > 0 ? 1 / ask : 0, ask: bid > 0 ? 1 / bid : 0, source: source,
            eventTimeNanos: eventTimeNanos, ingestTimeNanos: ingestTimeNanos)
    }
}
