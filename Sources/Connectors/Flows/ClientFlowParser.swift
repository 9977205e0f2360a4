import Foundation
import Model

/// Parses client flows from CSV (with a header) or JSON Lines: `flow_id` (optional; by default the feed position),
/// `client`, `portfolio`, `type` (`subscription`/`redemption`, also `sub`/`red`), `amount` (exact decimal > 0),
/// `currency` (ISO 4217), `timestamp`.
public struct ClientFlowParser: LineParser {
    /// The file format.
    public enum Format: Sendable { case csv, jsonl }

    private let format: Format
    private let timestamps: TimestampParser
    private var header: [String]?

    /// Creates a parser.
    ///
    /// - Throws: ``ConnectorError`` `.configuration` for an unknown zone.
    public init(format: Format, timestampFormat: TimestampFormat = .iso8601, timeZone: String = "UTC") throws {
        self.format = format
        self.timestamps = try TimestampParser(format: timestampFormat, timeZone: timeZone)
    }

    public mutating func parse(_ line: FeedLine, source: String, ingestTime: Int64) -> FeedItem? {
        let position = FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset)
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(position: position, reason: reason, detail: detail, payload: Array(line.bytes)))
        }
        var values: [String: String] = [:]
        switch format {
        case .jsonl:
            let parsed: [String: Any]?
            do { parsed = try JSONLine.object(line) } catch { return reject(error.reason, error.detail) }
            guard let object = parsed else { return nil }
            for (key, value) in object where !(value is NSNull) {
                values[key] = (value as? NSNumber).map { $0.stringValue } ?? "\(value)"
            }
        case .csv:
            if line.bytes.isEmpty { return nil }
            guard line.bytes.withUnsafeBufferPointer({ Utf8Check.isValid($0) }) else {
                return reject(.invalidUTF8, "the line is not valid UTF-8")
            }
            let fields = CSVSplitter.split(String(decoding: line.bytes, as: UTF8.self))
            guard let header else {
                self.header = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                return nil
            }
            guard fields.count == header.count else {
                return reject(fields.count < header.count ? .truncatedRecord : .malformedRecord,
                              "\(fields.count) fields, the header has \(header.count)")
            }
            for (name, value) in zip(header, fields) { values[name] = value.trimmingCharacters(in: .whitespaces) }
        }
        func required(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let client = required("client") else { return reject(.missingField, "no client") }
        guard let portfolio = required("portfolio") else { return reject(.missingField, "no portfolio") }
        guard let typeText = required("type") else { return reject(.missingField, "no type") }
        let kind: ClientFlowKind
        switch typeText.lowercased() {
        case "subscription", "sub", "subscribe": kind = .subscription
        case "redemption", "red", "redeem": kind = .redemption
        default: return reject(.invalidField, "type \"\(typeText)\" is neither subscription nor redemption")
        }
        guard let amountText = required("amount") else { return reject(.missingField, "no amount") }
        guard let currency = required("currency"), Money.isCurrencyCode(currency) else {
            return reject(.invalidField, "currency \"\(values["currency"] ?? "")\" is not an ISO 4217 code")
        }
        let money: Money
        do { money = try Money(parsing: amountText, currency: currency) } catch {
            return reject(.invalidNumber, "amount \"\(amountText)\" is not an exact decimal")
        }
        guard money.amount > 0 else { return reject(.invalidField, "amount must be > 0, got \(amountText)") }
        guard let timeText = required("timestamp") else { return reject(.missingField, "no timestamp") }
        let time: Int64
        do { time = try timestamps.parse(timeText) } catch { return reject(.invalidTimestamp, error.reason) }
        return .event(.flow(ClientFlow(
            id: required("flow_id") ?? "\(source)#\(line.number)", clientId: client, portfolioId: portfolio, kind: kind,
            amount: money, eventTimeNanos: time, ingestTimeNanos: ingestTime)))
    }
}

/// RFC 4180 splitting of one CSV line into fields.
enum CSVSplitter {
    static func split(_ line: String, delimiter: Character = ",") -> [String] {
        var fields: [String] = [], field = "", inQuotes = false
        var characters = line.makeIterator()
        var pending: Character?
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else { field.append(character) }
            } else if character == "\"" {
                inQuotes = true
            } else if character == delimiter {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
