import Model

/// Turns FIX 4.4 market data into events: MarketDataSnapshotFullRefresh (35=W) and MarketDataIncrementalRefresh
/// (35=X) with bid (269=0), offer (269=1) and trade (269=2) entries.
///
/// Keeps the top of book per symbol, so an incremental update of one side yields a quote with the other side's
/// last level. A message with any invalid entry is rejected whole.
public struct FIXMarketData: Sendable {
    private let normalizer: MarketNormalizer
    private let timestamps: TimestampParser
    private var book: [String: (bid: Double?, bidSize: Double, ask: Double?, askSize: Double)] = [:]

    struct Entry {
        var type: UInt8 = 0
        var action: UInt8 = 48
        var price: Double?
        var size: Double?
        var symbol: String?
        var date: String?
        var time: String?
        var aggressor: AggressorSide = .unknown
        var tradeId = ""
        var hasType = false
    }

    /// Creates a normaliser.
    public init(master: InstrumentMaster, sourceName: String) {
        normalizer = MarketNormalizer(master: master, sourceName: sourceName)
        timestamps = try! TimestampParser(format: .fix)  // UTC needs no zone lookup
    }

    /// The events of one market-data message, or one reject for the whole message.
    public mutating func normalize(_ message: FIXMessage, position: FeedPosition, ingestTime: Int64) -> [FeedItem] {
        func reject(_ reason: RejectReason, _ detail: String) -> [FeedItem] {
            [.reject(FeedReject(position: position, reason: reason, detail: detail, payload: message.bytes))]
        }
        var entries: [Entry] = []
        var current: Entry?
        var messageSymbol: String?
        var sendingTime: String?
        var inGroups = false
        for field in message.fields {
            let value = message.bytes[field.value]
            switch field.tag {
            case 268: inGroups = true
            case 279:
                if let entry = current { entries.append(entry) }
                current = Entry(action: value.first ?? 48)
            case 269:
                if let entry = current, entry.hasType { entries.append(entry); current = nil }
                if current == nil { current = Entry() }
                current?.type = value.first ?? 0
                current?.hasType = true
            case 270, 271:
                let number = value.withUnsafeBufferPointer { FastNumber.parseDouble($0) }
                guard let number else {
                    return reject(.invalidNumber, "tag \(field.tag) \"\(String(decoding: value, as: UTF8.self))\" is not a number")
                }
                if field.tag == 270 { current?.price = number } else { current?.size = number }
            case 55:
                let symbol = String(decoding: value, as: UTF8.self)
                if inGroups, current != nil { current?.symbol = symbol } else { messageSymbol = symbol }
            case 52: sendingTime = String(decoding: value, as: UTF8.self)
            case 272: current?.date = String(decoding: value, as: UTF8.self)
            case 273: current?.time = String(decoding: value, as: UTF8.self)
            case 2446: current?.aggressor = value.first == 49 ? .buy : value.first == 50 ? .sell : .unknown
            case 1003: current?.tradeId = String(decoding: value, as: UTF8.self)
            default: break
            }
        }
        if let entry = current { entries.append(entry) }
        guard !entries.isEmpty else { return reject(.missingField, "no MDEntries (268)") }

        var items: [FeedItem] = []
        var touched: [(symbol: String, time: Int64)] = []
        for entry in entries {
            guard let symbol = entry.symbol ?? messageSymbol else { return reject(.missingField, "an MD entry has no Symbol (55)") }
            let time: Int64
            do {
                if let entryTime = entry.time {
                    let date = entry.date ?? String((sendingTime ?? "").prefix(8))
                    time = try timestamps.parse(date + "-" + entryTime)
                } else if let sendingTime {
                    time = try timestamps.parse(sendingTime)
                } else {
                    return reject(.missingField, "no SendingTime (52) or MDEntryTime (273)")
                }
            } catch {
                return reject(.invalidTimestamp, error.reason)
            }
            switch entry.type {
            case 48, 49:  // bid, offer
                var level = book[symbol] ?? (nil, 0, nil, 0)
                let delete = entry.action == 50
                if !delete {
                    guard let price = entry.price else { return reject(.missingField, "an MD entry has no MDEntryPx (270)") }
                    guard price.isFinite, price > 0 else { return reject(.invalidPrice, "MDEntryPx must be > 0, got \(price)") }
                }
                if entry.type == 48 { level.bid = delete ? nil : entry.price; level.bidSize = entry.size ?? 0 }
                else { level.ask = delete ? nil : entry.price; level.askSize = entry.size ?? 0 }
                book[symbol] = level
                if let index = touched.firstIndex(where: { $0.symbol == symbol }) { touched[index].time = time } else {
                    touched.append((symbol, time))
                }
            case 50:  // trade
                var record = MarketRecord(symbol: symbol, eventTimeNanos: time)
                record.price = entry.price
                record.size = entry.size
                record.side = entry.aggressor
                record.tradeId = entry.tradeId
                record.sequence = message.sequence
                let item = normalizer.normalize(record, ingestTime: ingestTime, position: position, payload: message.bytes)
                if case .reject = item { return [item] }
                items.append(item)
            default:
                return reject(.invalidField, "MDEntryType (269) \(Character(Unicode.Scalar(entry.type))) is not bid, offer or trade")
            }
        }
        for (symbol, time) in touched {
            guard let level = book[symbol], let bid = level.bid, let ask = level.ask else { continue }
            var record = MarketRecord(symbol: symbol, eventTimeNanos: time)
            record.bid = bid
            record.ask = ask
            record.bidSize = level.bidSize
            record.askSize = level.askSize
            record.sequence = message.sequence
            let item = normalizer.normalize(record, ingestTime: ingestTime, position: position, payload: message.bytes)
            if case .reject = item { return [item] }
            items.append(item)
        }
        return items
    }
}
