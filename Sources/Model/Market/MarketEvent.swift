/// A raw market-data event, the value of the `market-data.*` topics (`tickflow.v1.MarketEvent`).
public enum MarketEvent: Sendable, Hashable, Codable {
    /// A trade print.
    case trade(Trade)
    /// A top-of-book quote from one venue.
    case quote(Quote)

    /// The instrument id of the event; the Kafka key.
    public var instrumentId: String {
        switch self {
        case .trade(let trade): trade.instrumentId
        case .quote(let quote): quote.instrumentId
        }
    }

    /// The symbol of the event.
    public var symbol: String {
        switch self {
        case .trade(let trade): trade.symbol
        case .quote(let quote): quote.symbol
        }
    }

    /// The ISO 4217 currency of the event's prices.
    public var currency: String {
        switch self {
        case .trade(let trade): trade.currency
        case .quote(let quote): quote.currency
        }
    }

    /// When the event happened, ns since the epoch (UTC).
    public var eventTimeNanos: Int64 {
        switch self {
        case .trade(let trade): trade.eventTimeNanos
        case .quote(let quote): quote.eventTimeNanos
        }
    }

    /// When TickFlow received the event, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64 {
        switch self {
        case .trade(let trade): trade.ingestTimeNanos
        case .quote(let quote): quote.ingestTimeNanos
        }
    }
}
