import Model

/// Parses market-data CSV lines (trades and quotes) with a ``ColumnMapping``; the first line is the header.
///
/// Fields are split on the delimiter straight from the bytes; double-quoted fields (RFC 4180) are supported.
public struct CSVMarketParser: LineParser {
    /// The settings, behind one reference: the parser is mutated per line and must stay small to do so in place.
    private final class Settings: Sendable {
        let mapping: ColumnMapping
        let normalizer: MarketNormalizer
        let timestamps: TimestampParser
        let delimiter: UInt8

        init(mapping: ColumnMapping, normalizer: MarketNormalizer, timestamps: TimestampParser, delimiter: UInt8) {
            self.mapping = mapping
            self.normalizer = normalizer
            self.timestamps = timestamps
            self.delimiter = delimiter
        }
    }

    // The settings are read through `settings` in place: a computed property returning a copy of the normaliser
    // would retain and release every array it holds, per line.
    private let settings: Settings
    private var header: [String]?
    private var columns = Columns()
    private var fields: [Range<Int>] = []

    struct Columns {
        var symbol = -1, price = -1, size = -1, side = -1, bid = -1, ask = -1, bidSize = -1, askSize = -1
        var timestamp = -1, sequence = -1, tradeId = -1
    }

    /// Creates a parser.
    ///
    /// - Throws: ``ConnectorError`` `.configuration` for a bad delimiter or time zone.
    public init(mapping: ColumnMapping, master: InstrumentMaster, sourceName: String) throws {
        guard mapping.delimiter.utf8.count == 1, let delimiter = mapping.delimiter.utf8.first else {
            throw ConnectorError(.configuration, "the CSV delimiter must be one ASCII character, got \"\(mapping.delimiter)\"")
        }
        settings = Settings(
            mapping: mapping, normalizer: MarketNormalizer(master: master, sourceName: sourceName),
            timestamps: try TimestampParser(format: mapping.timestampFormat, timeZone: mapping.timeZone), delimiter: delimiter)
    }

    public mutating func parse(_ line: FeedLine, source: String, ingestTime: Int64) -> FeedItem? {
        line.bytes.withUnsafeBufferPointer { bytes in parse(bytes, line: line, source: source, ingestTime: ingestTime) }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: FeedLine, source: String, ingestTime: Int64) -> FeedItem? {
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(
                position: FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset), reason: reason,
                detail: detail, payload: Array(line.bytes)))
        }
        if bytes.isEmpty { return nil }
        let scan = split(bytes)
        if !scan.ascii, !Utf8Check.isValid(bytes) { return reject(.invalidUTF8, "the line is not valid UTF-8") }
        guard scan.quoted else { return parseFields(bytes, line: line, source: source, ingestTime: ingestTime) }
        guard let flat = split(quoted: bytes) else {
            return reject(line.terminated ? .malformedRecord : .truncatedRecord, "unterminated quoted field")
        }
        return flat.withUnsafeBufferPointer { parseFields($0, line: line, source: source, ingestTime: ingestTime) }
    }

    /// Parses a line already split into `fields` (ranges of `bytes`).
    private mutating func parseFields(
        _ bytes: UnsafeBufferPointer<UInt8>, line: FeedLine, source: String, ingestTime: Int64
    ) -> FeedItem? {
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(
                position: FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset), reason: reason,
                detail: detail, payload: Array(line.bytes)))
        }
        guard let header else {
            let names = fields.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            do { try setHeader(names.map { $0.trimmingCharacters(in: .whitespaces) }) } catch {
                return reject(.missingField, "\(error.message)")
            }
            return nil
        }
        guard fields.count >= header.count else {
            return reject(.truncatedRecord, "\(fields.count) fields, the header has \(header.count)"
                + (line.terminated ? "" : " (the input ends inside this record)"))
        }
        guard fields.count == header.count else {
            return reject(.malformedRecord, "\(fields.count) fields, the header has \(header.count)")
        }
        func field(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[fields[index]]) }
        func text(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }
        var failure: FeedItem?
        func number(_ index: Int, _ name: String) -> Double? {
            guard index >= 0 else { return nil }
            let value = field(index)
            if value.isEmpty { return nil }
            guard let number = FastNumber.parseDouble(value) else {
                if failure == nil { failure = reject(.invalidNumber, "\(name) \"\(text(index))\" is not a number") }
                return nil
            }
            return number
        }
        let symbolBytes = field(columns.symbol)
        if symbolBytes.isEmpty { return reject(.missingField, "empty \(settings.mapping.symbol)") }
        guard let instrument = settings.normalizer.instrumentIndex(of: symbolBytes) else {
            return reject(.unknownSymbol, "symbol \"\(text(columns.symbol))\" is not in the instrument master")
        }
        let time: Int64
        do { time = try settings.timestamps.parse(field(columns.timestamp)) } catch {
            return reject(.invalidTimestamp, error.reason)
        }
        var record = MarketRecord(symbol: "", eventTimeNanos: time)
        record.price = number(columns.price, "price")
        record.size = number(columns.size, "size")
        record.bid = number(columns.bid, "bid")
        record.ask = number(columns.ask, "ask")
        record.bidSize = number(columns.bidSize, "bid size")
        record.askSize = number(columns.askSize, "ask size")
        if let failure { return failure }
        if columns.side >= 0 {
            guard let side = SideParser.parse(field(columns.side)) else {
                return reject(.invalidField, "side \"\(text(columns.side))\" is not B, BUY, S or SELL")
            }
            record.side = side
        }
        if columns.sequence >= 0, !field(columns.sequence).isEmpty {
            guard let sequence = FastNumber.parseInt(field(columns.sequence)), sequence >= 0 else {
                return reject(.invalidNumber, "sequence \"\(text(columns.sequence))\" is not a non-negative integer")
            }
            record.sequence = UInt64(sequence)
        }
        if columns.tradeId >= 0 { record.tradeId = text(columns.tradeId) }
        return settings.normalizer.normalize(
            record, instrumentAt: instrument, ingestTime: ingestTime,
            position: FeedPosition(source: source, line: line.number, byteOffset: line.byteOffset),
            payload: Array(line.bytes))
    }

    private mutating func setHeader(_ names: [String]) throws(ConnectorError) {
        let mapping = settings.mapping
        func index(_ name: String?) -> Int { name.flatMap { names.firstIndex(of: $0) } ?? -1 }
        columns = Columns(
            symbol: index(mapping.symbol), price: index(mapping.price), size: index(mapping.size),
            side: index(mapping.side), bid: index(mapping.bid), ask: index(mapping.ask), bidSize: index(mapping.bidSize),
            askSize: index(mapping.askSize), timestamp: index(mapping.timestamp), sequence: index(mapping.sequence),
            tradeId: index(mapping.tradeId))
        guard columns.symbol >= 0 else { throw ConnectorError(.configuration, "the header has no symbol column \"\(mapping.symbol)\"") }
        guard columns.timestamp >= 0 else {
            throw ConnectorError(.configuration, "the header has no timestamp column \"\(mapping.timestamp)\"")
        }
        header = names
    }

    /// Splits on the delimiter and, in the same pass, tells whether the line is all ASCII (then valid UTF-8) and
    /// whether it has a double quote (then the fields must be split again, RFC 4180).
    private mutating func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (ascii: Bool, quoted: Bool) {
        fields.removeAll(keepingCapacity: true)
        let delimiter = settings.delimiter
        var start = 0, bits: UInt8 = 0, quoted = false
        for index in 0..<bytes.count {
            let byte = bytes[index]
            bits |= byte
            if byte == 34 { quoted = true }
            if byte == delimiter {
                fields.append(start..<index)
                start = index + 1
            }
        }
        fields.append(start..<bytes.count)
        return (bits < 0x80, quoted)
    }

    /// RFC 4180 splitting: the unquoted fields laid end to end, with `fields` indexing them; `nil` when a quoted
    /// field is not closed.
    private mutating func split(quoted bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        fields.removeAll(keepingCapacity: true)
        var flat: [UInt8] = [], start = 0, inQuotes = false, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 34 {
                    if index + 1 < bytes.count, bytes[index + 1] == 34 { flat.append(34); index += 1 } else { inQuotes = false }
                } else {
                    flat.append(byte)
                }
            } else if byte == 34 {
                inQuotes = true
            } else if byte == settings.delimiter {
                fields.append(start..<flat.count)
                start = flat.count
            } else {
                flat.append(byte)
            }
            index += 1
        }
        fields.append(start..<flat.count)
        return inQuotes ? nil : flat
    }
}

/// Aggressor sides as feeds write them.
enum SideParser {
    /// `B`, `BUY`, `S`, `SELL` in any case, or empty for unknown; `nil` for anything else.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> AggressorSide? {
        if b.isEmpty { return .unknown }
        let first = b[0] | 0x20
        if b.count == 1 { return first == 98 ? .buy : first == 115 ? .sell : nil }
        let word = String(decoding: b, as: UTF8.self).lowercased()
        switch word {
        case "buy": return .buy
        case "sell": return .sell
        case "unknown": return .unknown
        default: return nil
        }
    }
}

/// UTF-8 validation with an ASCII fast path.
enum Utf8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in bytes where byte >= 0x80 { ascii = false; break }
        if ascii { return true }
        return String(validating: bytes, as: UTF8.self) != nil
    }
}
