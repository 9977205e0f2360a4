import Foundation
import Model

/// Parses market-data JSON Lines (one object per line) with a ``ColumnMapping`` naming the keys.
///
/// Numbers may be JSON numbers or numeric strings; an epoch timestamp may be a JSON number.
public struct JSONLMarketParser: LineParser {
    private let mapping: ColumnMapping
    private let normalizer: MarketNormalizer
    private let timestamps: TimestampParser

    /// Creates a parser.
    ///
    /// - Throws: ``ConnectorError`` `.configuration` for an unknown time zone.
    public init(mapping: ColumnMapping, master: InstrumentMaster, sourceName: String) throws {
        self.mapping = mapping
        self.normalizer = MarketNormalizer(master: master, sourceName: sourceName)
        self.timestamps = try TimestampParser(format: mapping.timestampFormat, timeZone: mapping.timeZone)
    }

    public mutating func parse(_ line: FeedLine, source: String, ingestTime: Int64) -> FeedItem? {
        let position = FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset)
        do throws(JSONLine.Failure) {
            guard let object = try JSONLine.object(line) else { return nil }
            guard let symbol = object[mapping.symbol] as? String, !symbol.isEmpty else {
                throw JSONLine.Failure(reason: .missingField, detail: "no string \"\(mapping.symbol)\"")
            }
            var record = MarketRecord(symbol: symbol, eventTimeNanos: try JSONLine.time(object[mapping.timestamp], key: mapping.timestamp, parser: timestamps))
            record.price = try JSONLine.number(object, mapping.price)
            record.size = try JSONLine.number(object, mapping.size)
            record.bid = try JSONLine.number(object, mapping.bid)
            record.ask = try JSONLine.number(object, mapping.ask)
            record.bidSize = try JSONLine.number(object, mapping.bidSize)
            record.askSize = try JSONLine.number(object, mapping.askSize)
            if let sequence = try JSONLine.number(object, mapping.sequence) {
                guard sequence >= 0, sequence == sequence.rounded() else {
                    throw JSONLine.Failure(reason: .invalidNumber, detail: "sequence \(sequence) is not a non-negative integer")
                }
                record.sequence = UInt64(sequence)
            }
            if let key = mapping.side, let sideText = object[key] as? String {
                var text = sideText
                guard let side = text.withUTF8({ SideParser.parse($0) }) else {
                    throw JSONLine.Failure(reason: .invalidField, detail: "side \"\(sideText)\" is not B, BUY, S or SELL")
                }
                record.side = side
            }
            if let key = mapping.tradeId, let id = object[key] { record.tradeId = "\(id)" }
            return normalizer.normalize(record, ingestTime: ingestTime, position: position, payload: Array(line.bytes))
        } catch {
            return .reject(FeedReject(position: position, reason: error.reason, detail: error.detail, payload: Array(line.bytes)))
        }
    }
}

/// Shared JSON Lines helpers: decoding one line into an object and reading typed fields.
enum JSONLine {
    struct Failure: Error {
        var reason: RejectReason
        var detail: String
    }

    /// The line's object; `nil` for a blank line.
    static func object(_ line: FeedLine) throws(Failure) -> [String: Any]? {
        let bytes = line.bytes
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { return nil }
        let valid = bytes.withUnsafeBufferPointer { Utf8Check.isValid($0) }
        guard valid else { throw Failure(reason: .invalidUTF8, detail: "the line is not valid UTF-8") }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(bytes), options: []) else {
            if !line.terminated { throw Failure(reason: .truncatedRecord, detail: "the input ends inside this JSON record") }
            throw Failure(reason: .malformedRecord, detail: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw Failure(reason: .malformedRecord, detail: "not a JSON object") }
        return object
    }

    /// A number from a JSON number or a numeric string; `nil` when the key is unmapped, absent, null or "".
    static func number(_ object: [String: Any], _ key: String?) throws(Failure) -> Double? {
        guard let key, let value = object[key], !(value is NSNull) else { return nil }
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String {
            if text.isEmpty { return nil }
            var copy = text
            if let number = copy.withUTF8({ FastNumber.parseDouble($0) }) { return number }
        }
        throw Failure(reason: .invalidNumber, detail: "\(key) \(value) is not a number")
    }

    /// An event time from a timestamp string, or a JSON number for the epoch formats.
    static func time(_ value: Any?, key: String, parser: TimestampParser) throws(Failure) -> Int64 {
        guard let value else { throw Failure(reason: .missingField, detail: "no \"\(key)\"") }
        let text: String
        if let string = value as? String { text = string } else if let number = value as? NSNumber { text = number.stringValue } else {
            throw Failure(reason: .invalidTimestamp, detail: "\(key) is neither a string nor a number")
        }
        do { return try parser.parse(text) } catch { throw Failure(reason: .invalidTimestamp, detail: error.reason) }
    }
}
