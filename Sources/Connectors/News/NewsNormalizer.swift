import Model

/// Builds ``Model/NewsItem``s: maps tickers to the instrument master (explicit tickers and `$CASHTAGS` in the text)
/// and scores sentiment.
public struct NewsNormalizer: Sendable {
    /// The instrument master tickers are checked against.
    public let master: InstrumentMaster
    /// The sentiment scorer.
    public let scorer: SentimentScorer

    /// Creates a normaliser.
    public init(master: InstrumentMaster, scorer: SentimentScorer) {
        self.master = master
        self.scorer = scorer
    }

    /// The item, or a reject when the story has no headline, or names tickers none of which is known.
    public func normalize(
        id: String, headline: String, body: String, tickers: [String], source: String, url: String, eventTime: Int64,
        ingestTime: Int64, position: FeedPosition, payload: [UInt8]
    ) -> FeedItem {
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(position: position, reason: reason, detail: detail, payload: payload))
        }
        let headline = headline.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !headline.isEmpty else { return reject(.missingField, "the story has no headline") }
        var mapped: [String] = []
        let named = tickers.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        for ticker in named + Self.cashtags(in: headline + " " + body)
        where master.instrument(symbol: ticker) != nil && !mapped.contains(ticker) {
            mapped.append(ticker)
        }
        if !named.isEmpty, mapped.isEmpty {
            return reject(.unknownSymbol, "none of the tickers \(named.joined(separator: ",")) is in the instrument master")
        }
        return .event(.news(NewsItem(
            id: id.isEmpty ? "\(position.source)#\(position.offset)" : id, headline: headline, body: body, tickers: mapped,
            source: source, url: url, sentiment: scorer.score(headline + ". " + body), eventTimeNanos: eventTime,
            ingestTimeNanos: ingestTime)))
    }

    /// `$AAPL`-style tags in a text, uppercased.
    static func cashtags(in text: String) -> [String] {
        var tags: [String] = []
        var iterator = text.unicodeScalars.makeIterator()
        var current: String?
        while let scalar = iterator.next() {
            if scalar == "$" { if let tag = current, !tag.isEmpty { tags.append(tag) }; current = ""; continue }
            if current != nil {
                if (scalar.properties.isAlphabetic && scalar.isASCII) || scalar == "." { current!.unicodeScalars.append(scalar) } else {
                    if let tag = current, !tag.isEmpty { tags.append(tag.uppercased()) }
                    current = nil
                }
            }
        }
        if let tag = current, !tag.isEmpty { tags.append(tag.uppercased()) }
        return tags.map { ($0.hasSuffix(".") ? String($0.dropLast()) : $0).uppercased() }
    }
}
