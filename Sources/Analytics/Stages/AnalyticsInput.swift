import Model
import Stream

/// What the analytics stages read, decoded by topic.
public enum AnalyticsInput: TopicDecodable, Hashable {
    /// A bar from `bars.<interval>` (the per-instrument stage) or `analytics.universe-bars` (the portfolio stage).
    case bar(Bar)
    /// A top of book from `market-data.top-of-book`: spread and crossed-market input of the anomaly score.
    case topOfBook(TopOfBook)
    /// The holdings of one portfolio from the compacted `portfolios.holdings`: a side input of the portfolio stage.
    case holdings(PortfolioHoldings)

    /// The top-of-book topic (`tickflow.v1.TopOfBook`).
    public static let topOfBookTopic = "market-data.top-of-book"
    /// The holdings topic (`tickflow.v1.PortfolioHoldings`, compacted, key = portfolio id).
    public static let holdingsTopic = "portfolios.holdings"
    /// The internal one-partition topic the per-instrument stage forwards accepted bars to, so that the portfolio
    /// stage reads the whole cross-section as one ordered log (`tickflow.v1.Bar`, key ``universeKey``).
    public static let universeTopic = "analytics.universe-bars"
    /// The constant key of ``universeTopic``: every record lands on one partition.
    public static let universeKey = Array("universe".utf8)

    /// Decodes a record value by the topic it was read from.
    ///
    /// - Throws: ``StreamError`` `.decoding` naming the topic when the bytes are not a valid value of it, or when
    ///   the topic is not one the analytics stages read.
    public init(topic: String, bytes: [UInt8]) throws {
        self = try Self.decoding(topic, bytes) {
            if topic == Self.universeTopic || topic.hasPrefix("bars.") { return .bar(try Bar(serializedBytes: bytes)) }
            if topic == Self.topOfBookTopic { return .topOfBook(try TopOfBook(serializedBytes: bytes)) }
            if topic == Self.holdingsTopic { return .holdings(try PortfolioHoldings(serializedBytes: bytes)) }
            throw StreamError(
                .decoding,
                "topic \(topic) is not read by the analytics stages; known: bars.<interval>, \(Self.topOfBookTopic), \(Self.holdingsTopic), \(Self.universeTopic)")
        }
    }

    /// The as-of time of the input: a bar's window end (its close is the price as of then), a book's or a
    /// holdings record's event time.
    public var eventTimeNanos: Int64 {
        switch self {
        case .bar(let bar): bar.windowEndNanos
        case .topOfBook(let book): book.eventTimeNanos
        case .holdings(let holdings): holdings.eventTimeNanos
        }
    }

    /// `portfolios.holdings` is a side input every portfolio-stage operator needs.
    public static func isBroadcast(topic: String) -> Bool { topic == holdingsTopic }

    /// This input as a record keyed like its topic (instrument id or portfolio id), stamped with its as-of time.
    public var record: StreamRecord<AnalyticsInput> {
        let key: String
        switch self {
        case .bar(let bar): key = bar.instrumentId
        case .topOfBook(let book): key = book.instrumentId
        case .holdings(let holdings): key = holdings.portfolioId
        }
        return StreamRecord(key: Array(key.utf8), value: self, eventTimeNanos: eventTimeNanos)
    }
}
