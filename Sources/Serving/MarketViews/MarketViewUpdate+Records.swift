import Model
import Stream

extension MarketViewUpdate {
    /// The topics whose records update the views.
    public static let topics: [String] =
        ["market-data.enriched", "market-data.top-of-book", "analytics.risk", "analytics.anomalies", "reference.instruments"]
        + BarInterval.allCases.map(\.topic)

    /// The view update a record carries: nil for records the views don't keep (an enriched trade, a topic
    /// not read here).
    ///
    /// - Throws: ``ServingError`` (`validation`) naming the topic, partition and offset when the value does not
    ///   decode as its topic's message or fails the Model's checks (missing ids, non-finite prices…).
    public static func decode(_ record: IncomingRecord) throws(ServingError) -> MarketViewUpdate? {
        let update: MarketViewUpdate?
        do {
            switch record.topic {
            case "market-data.enriched":
                guard case .quote(let quote) = try EnrichedTick(serializedBytes: record.value).event else { return nil }
                update = .quote(quote)
            case "market-data.top-of-book": update = .topOfBook(try TopOfBook(serializedBytes: record.value))
            case "analytics.risk": update = .risk(try RiskMetric(serializedBytes: record.value))
            case "analytics.anomalies": update = .anomaly(try Anomaly(serializedBytes: record.value))
            case "reference.instruments": update = .instrument(try Instrument(serializedBytes: record.value))
            case let topic where topic.hasPrefix("bars."): update = .bar(try Bar(serializedBytes: record.value))
            default: update = nil
            }
        } catch {
            throw ServingError(.validation, "\(record.topicPartition)@\(record.offset): \(error)", underlying: error)
        }
        return update
    }
}
