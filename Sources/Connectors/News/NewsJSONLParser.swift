import Foundation
import Model

/// Parses news JSON Lines: `{"id", "headline", "body", "tickers": ["AAPL"] or "AAPL,MSFT", "source", "url",
/// "timestamp"}`; only `headline` and `timestamp` are required.
public struct NewsJSONLParser: LineParser {
    private let normalizer: NewsNormalizer
    private let timestamps: TimestampParser
    private let defaultSource: String

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - normalizer: maps tickers and scores sentiment.
    ///   - timestampFormat: how `timestamp` is written; default ISO-8601.
    ///   - timeZone: zone of local timestamps.
    ///   - defaultSource: the provider when a line names none.
    /// - Throws: ``ConnectorError`` `.configuration` for an unknown zone.
    public init(normalizer: NewsNormalizer, timestampFormat: TimestampFormat = .iso8601, timeZone: String = "UTC",
                defaultSource: String = "file") throws {
        self.normalizer = normalizer
        self.timestamps = try TimestampParser(format: timestampFormat, timeZone: timeZone)
        self.defaultSource = defaultSource
    }

    public mutating func parse(_ line: FeedLine, source: String, ingestTime: Int64) -> FeedItem? {
        let position = FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset)
        do throws(JSONLine.Failure) {
            guard let object = try JSONLine.object(line) else { return nil }
            let time = try JSONLine.time(object["timestamp"], key: "timestamp", parser: timestamps)
            var tickers: [String] = []
            if let list = object["tickers"] as? [Any] { tickers = list.compactMap { $0 as? String } }
            else if let text = object["tickers"] as? String { tickers = text.split(separator: ",").map(String.init) }
            return normalizer.normalize(
                id: (object["id"]).map { "\($0)" } ?? "", headline: object["headline"] as? String ?? "",
                body: object["body"] as? String ?? "", tickers: tickers, source: object["source"] as? String ?? defaultSource,
                url: object["url"] as? String ?? "", eventTime: time, ingestTime: ingestTime, position: position,
                payload: Array(line.bytes))
        } catch {
            return .reject(FeedReject(position: position, reason: error.reason, detail: error.detail, payload: Array(line.bytes)))
        }
    }
}
