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
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(position: position, reason: reason, detail: detail, payload: Array(line.bytes)))
        }
        let object: [String: Any]
        switch JSONLine.object(line) {
        case .success(nil): return nil
        case .success(let value?): object = value
        case .failure(let failure): return reject(failure.reason, failure.detail)
        }
        let time: Int64
        switch JSONLine.time(object["timestamp"], key: "timestamp", parser: timestamps) {
        case .success(let value): time = value
        case .failure(let failure): return reject(failure.reason, failure.detail)
        }
        var tickers: [String] = []
        if let list = object["tickers"] as? [Any] { tickers = list.compactMap { $0 as? String } }
        else if let text = object["tickers"] as? String { tickers = text.split(separator: ",").map(String.init) }
        return normalizer.normalize(
            id: (object["id"]).map { "\($0)" } ?? "", headline: object["headline"] as? String ?? "",
            body: object["body"] as? String ?? "", tickers: tickers, source: object["source"] as? String ?? defaultSource,
            url: object["url"] as? String ?? "", eventTime: time, ingestTime: ingestTime, position: position,
            payload: Array(line.bytes))
    }
}
