extension NewsItem: ProtobufRepresentable {
    /// Creates a news item from its wire message.
    ///
    /// Requires `id`, `headline`, `source`, non-empty `tickers` entries, a `sentiment` in [-1, 1] when
    /// present, and both times set.
    public init(proto: Tickflow_V1_NewsItem) throws {
        let check = FieldValidator(Tickflow_V1_NewsItem.self)
        for (index, ticker) in proto.tickers.enumerated() where ticker.isEmpty {
            throw check.invalid("tickers", "entry \(index) is empty")
        }
        self.init(
            id: try check.required(proto.id, "id"),
            headline: try check.required(proto.headline, "headline"),
            body: proto.body,
            tickers: proto.tickers,
            source: try check.required(proto.source, "source"),
            url: proto.url,
            sentiment: proto.hasSentiment ? try check.within(proto.sentiment, -1...1, "sentiment") : nil,
            eventTimeNanos: try check.time(proto.eventTimeNs, "event_time_ns"),
            ingestTimeNanos: try check.time(proto.ingestTimeNs, "ingest_time_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_NewsItem {
        var message = Tickflow_V1_NewsItem()
        message.id = id
        message.headline = headline
        message.body = body
        message.tickers = tickers
        message.source = source
        message.url = url
        if let sentiment { message.sentiment = sentiment }
        message.eventTimeNs = eventTimeNanos
        message.ingestTimeNs = ingestTimeNanos
        return message
    }
}
