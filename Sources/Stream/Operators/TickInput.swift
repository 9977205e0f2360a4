import Model

/// What the tick processor reads, decoded by topic.
public enum TickInput: TopicDecodable, Hashable {
    /// A trade or quote from a raw market-data topic (`tickflow.v1.MarketEvent`).
    case market(MarketEvent)
    /// An FX rate from `market-data.fx` (`tickflow.v1.FXRate`): a side input broadcast to every partition.
    case fx(FXRate)
    /// An enriched tick from `market-data.enriched`: the input when only the aggregate stage runs. Boxed, so a
    /// record of the other cases is not sized (and copied) to the largest payload.
    indirect case enriched(EnrichedTick)

    /// The raw market-data topics, whose values are `tickflow.v1.MarketEvent`.
    public static let marketTopics = ["market-data.equities.us", "market-data.bonds.global", "market-data.derivatives.us"]
    /// The FX rates topic (`tickflow.v1.FXRate`, compacted).
    public static let fxTopic = "market-data.fx"
    /// The enriched ticks topic (`tickflow.v1.EnrichedTick`).
    public static let enrichedTopic = "market-data.enriched"

    /// Decodes a record value by the topic it was read from.
    ///
    /// - Throws: ``StreamError`` `.decoding` naming the topic and the expected message when the bytes are not a
    ///   valid value of it, or when the topic is not one the tick processor reads.
    public init(topic: String, bytes: [UInt8]) throws {
        self = try Self.decoding(topic, bytes) {
            if topic == Self.fxTopic { return .fx(try FXRate(serializedBytes: bytes)) }
            if topic == Self.enrichedTopic { return .enriched(try EnrichedTick(serializedBytes: bytes)) }
            if Self.marketTopics.contains(topic) { return .market(try MarketEvent(serializedBytes: bytes)) }
            throw StreamError(
                .decoding, "topic \(topic) is not read by the tick processor; known: \((Self.marketTopics + [Self.fxTopic, Self.enrichedTopic]).joined(separator: ", "))")
        }
    }

    /// The event time of the tick, rate or enriched tick, ns since the epoch (UTC).
    public var eventTimeNanos: Int64 {
        switch self {
        case .market(let event): event.eventTimeNanos
        case .fx(let rate): rate.eventTimeNanos
        case .enriched(let tick): tick.eventTimeNanos
        }
    }

    /// `market-data.fx` is a side input every partition's processor needs.
    public static func isBroadcast(topic: String) -> Bool { topic == fxTopic }
}
