/// One news story (`tickflow.v1.NewsItem`, topic `news.raw`).
public struct NewsItem: Sendable, Hashable, Codable, Identifiable {
    /// Story id, unique per source; the Kafka key.
    public var id: String
    /// Headline, plain text.
    public var headline: String
    /// Body, plain text; may be empty for flash headlines.
    public var body: String
    /// Tickers the story is about, e.g. `["AAPL", "MSFT"]`.
    public var tickers: [String]
    /// Provider, e.g. `Reuters`.
    public var source: String
    /// Link to the story; empty when none.
    public var url: String
    /// Sentiment in [-1, 1] (negative = bearish); `nil` when not scored.
    public var sentiment: Double?
    /// Publication time, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// When TickFlow received it, ns since the epoch (UTC).
    public var ingestTimeNanos: Int64

    /// Creates a news item.
    public init(
        id: String, headline: String, body: String = "", tickers: [String], source: String, url: String = "",
        sentiment: Double? = nil, eventTimeNanos: Int64, ingestTimeNanos: Int64
    ) {
        self.id = id
        self.headline = headline
        self.body = body
        self.tickers = tickers
        self.source = source
        self.url = url
        self.sentiment = sentiment
        self.eventTimeNanos = eventTimeNanos
        self.ingestTimeNanos = ingestTimeNanos
    }
}
