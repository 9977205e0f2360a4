import Foundation

/// A declarative description of a market-data file: which column (CSV header name or JSON key) holds which field,
/// and how its timestamps are written. Loaded from JSON (`--mapping FILE`); every key is optional.
///
/// ```json
/// {"symbol": "sym", "price": "px", "size": "qty", "side": "side", "bid": "bid", "ask": "ask",
///  "bidSize": "bid_size", "askSize": "ask_size", "timestamp": "time",
///  "timestampFormat": "iso8601", "timeZone": "America/New_York", "delimiter": ","}
/// ```
/// A row with a bid or an ask becomes a quote, otherwise a trade. Columns named here but missing from a file are
/// treated as absent, except `symbol` and `timestamp`, which every file must have.
public struct ColumnMapping: Sendable, Hashable, Codable {
    /// Column of the symbol; default `symbol`.
    public var symbol = "symbol"
    /// Column of the trade price; default `price`.
    public var price: String? = "price"
    /// Column of the trade size; default `size`.
    public var size: String? = "size"
    /// Column of the aggressor side (`B`/`BUY`/`S`/`SELL`, any case); default `side`.
    public var side: String? = "side"
    /// Column of the bid; default `bid`.
    public var bid: String? = "bid"
    /// Column of the ask; default `ask`.
    public var ask: String? = "ask"
    /// Column of the bid size; default `bid_size`.
    public var bidSize: String? = "bid_size"
    /// Column of the ask size; default `ask_size`.
    public var askSize: String? = "ask_size"
    /// Column of the event time; default `timestamp`.
    public var timestamp = "timestamp"
    /// Column of a feed sequence number; default `seq`.
    public var sequence: String? = "seq"
    /// Column of the venue trade id; default `trade_id`.
    public var tradeId: String? = "trade_id"
    /// How timestamps are written; default ISO-8601.
    public var timestampFormat: TimestampFormat = .iso8601
    /// IANA zone of timestamps without an offset; default `UTC`.
    public var timeZone = "UTC"
    /// CSV field delimiter, one ASCII character; default `,`.
    public var delimiter = ","

    /// The default mapping.
    public init() {}

    /// Reads a mapping from a JSON file.
    ///
    /// - Throws: ``ConnectorError`` `.configuration` naming the problem.
    public static func load(path: String) throws -> ColumnMapping {
        do {
            return try JSONDecoder().decode(ColumnMapping.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConnectorError(.configuration, "cannot read the column mapping \(path): \(error)", underlying: error)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ColumnMapping.defaults
        symbol = try c.decodeIfPresent(String.self, forKey: .symbol) ?? d.symbol
        price = try c.decodeIfPresent(String.self, forKey: .price) ?? d.price
        size = try c.decodeIfPresent(String.self, forKey: .size) ?? d.size
        side = try c.decodeIfPresent(String.self, forKey: .side) ?? d.side
        bid = try c.decodeIfPresent(String.self, forKey: .bid) ?? d.bid
        ask = try c.decodeIfPresent(String.self, forKey: .ask) ?? d.ask
        bidSize = try c.decodeIfPresent(String.self, forKey: .bidSize) ?? d.bidSize
        askSize = try c.decodeIfPresent(String.self, forKey: .askSize) ?? d.askSize
        timestamp = try c.decodeIfPresent(String.self, forKey: .timestamp) ?? d.timestamp
        sequence = try c.decodeIfPresent(String.self, forKey: .sequence) ?? d.sequence
        tradeId = try c.decodeIfPresent(String.self, forKey: .tradeId) ?? d.tradeId
        timestampFormat = try c.decodeIfPresent(TimestampFormat.self, forKey: .timestampFormat) ?? d.timestampFormat
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? d.timeZone
        delimiter = try c.decodeIfPresent(String.self, forKey: .delimiter) ?? d.delimiter
    }

    private static let defaults = ColumnMapping()
}
