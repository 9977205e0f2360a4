import Model
import Stream

/// A normalised event on its way to a raw topic.
///
/// The rare, large cases are boxed (`indirect`) so that the enum, copied per record on the hot path, stays the size
/// of a trade or quote.
public enum IngestEvent: Sendable, Hashable {
    /// A trade or quote of an equity, bond or derivative, routed by the instrument's asset class.
    case market(MarketEvent, AssetClass)
    /// An FX rate (`market-data.fx`, keyed by pair).
    case fx(FXRate)
    /// A news story (`news.raw`, keyed by story id).
    indirect case news(NewsItem)
    /// A client subscription or redemption (`client-flows.inbound`, keyed by portfolio).
    indirect case flow(ClientFlow)
    /// Reference data (`reference.instruments`, compacted, keyed by instrument id).
    indirect case instrument(Instrument)
    /// An event with record headers carrying what its contract message has no field for (a simulated bond's
    /// `tf-yield`, an option's `tf-greeks`).
    indirect case annotated(IngestEvent, headers: [RecordHeader])

    /// The event without annotations.
    public var base: IngestEvent {
        if case .annotated(let inner, _) = self { return inner.base }
        return self
    }

    /// The record headers of an annotated event; empty otherwise.
    public var headers: [RecordHeader] {
        if case .annotated(let inner, let headers) = self { return inner.headers + headers }
        return []
    }

    /// The raw topic of an asset class's market data.
    public static func topic(for assetClass: AssetClass) -> String {
        switch assetClass {
        case .equity: "market-data.equities.us"
        case .bond: "market-data.bonds.global"
        case .derivative: "market-data.derivatives.us"
        case .fx: "market-data.fx"
        }
    }

    /// The destination topic.
    public var topic: String {
        switch self {
        case .annotated(let inner, _): inner.topic
        case .market(_, let assetClass): Self.topic(for: assetClass)
        case .fx: "market-data.fx"
        case .news: "news.raw"
        case .flow: "client-flows.inbound"
        case .instrument: "reference.instruments"
        }
    }

    /// The Kafka key: instrument id, currency pair, story id or portfolio id, as the topic contract says.
    public var key: String {
        switch self {
        case .annotated(let inner, _): inner.key
        case .market(let event, _): event.instrumentId
        case .fx(let rate): rate.pair
        case .news(let item): item.id
        case .flow(let flow): flow.portfolioId
        case .instrument(let instrument): instrument.id
        }
    }

    /// A short name of the event type for summaries: `trade`, `quote`, `fx`, `news`, `flow`, `instrument`.
    public var typeName: String {
        switch self {
        case .annotated(let inner, _): inner.typeName
        case .market(.trade, _): "trade"
        case .market(.quote, _): "quote"
        case .fx: "fx"
        case .news: "news"
        case .flow: "flow"
        case .instrument: "instrument"
        }
    }

    /// Event time, ns since the epoch (UTC).
    public var eventTimeNanos: Int64 {
        switch self {
        case .annotated(let inner, _): inner.eventTimeNanos
        case .market(let event, _): event.eventTimeNanos
        case .fx(let rate): rate.eventTimeNanos
        case .news(let item): item.eventTimeNanos
        case .flow(let flow): flow.eventTimeNanos
        case .instrument(let instrument): instrument.eventTimeNanos
        }
    }

    /// The Protobuf value of the topic's contract.
    ///
    /// - Throws: ``ModelError`` if the value cannot be serialized.
    public func serializedValue() throws -> [UInt8] {
        switch self {
        case .annotated(let inner, _): try inner.serializedValue()
        case .market(let event, _): event.serializedBytes()
        case .fx(let rate): try rate.serializedBytes()
        case .news(let item): try item.serializedBytes()
        case .flow(let flow): try flow.serializedBytes()
        case .instrument(let instrument): try instrument.serializedBytes()
        }
    }
}

/// One item out of a parser: an event, or a record that was rejected.
public enum FeedItem: Sendable, Hashable {
    /// A normalised event.
    case event(IngestEvent)
    /// A rejected record.
    case reject(FeedReject)

    /// Whether this is an event (not a reject).
    public var isEvent: Bool {
        if case .event = self { return true }
        return false
    }
}
