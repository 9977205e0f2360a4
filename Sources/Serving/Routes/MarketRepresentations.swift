import Model

/// The JSON of a latest quote.
struct QuoteJSON: Encodable {
    var instrumentId: String
    var symbol: String
    var venue: String
    var bid: Double
    var bidSize: Double
    var ask: Double
    var askSize: Double
    var mid: Double
    var spread: Double
    var currency: String
    var eventTime: String

    init(_ quote: Quote) {
        instrumentId = quote.instrumentId
        symbol = quote.symbol
        venue = quote.venue
        bid = quote.bidPrice
        bidSize = quote.bidSize
        ask = quote.askPrice
        askSize = quote.askSize
        mid = quote.mid
        spread = quote.spread
        currency = quote.currency
        eventTime = Timestamp.iso8601(quote.eventTimeNanos)
    }
}

/// The JSON of a top of book.
struct TopOfBookJSON: Encodable {
    var instrumentId: String
    var symbol: String
    var bid: Double
    var bidSize: Double
    var bidVenue: String
    var ask: Double
    var askSize: Double
    var askVenue: String
    var mid: Double
    var spread: Double
    var currency: String
    var eventTime: String

    init(_ book: TopOfBook) {
        instrumentId = book.instrumentId
        symbol = book.symbol
        bid = book.bidPrice
        bidSize = book.bidSize
        bidVenue = book.bidVenue
        ask = book.askPrice
        askSize = book.askSize
        askVenue = book.askVenue
        mid = book.mid
        spread = book.spread
        currency = book.currency
        eventTime = Timestamp.iso8601(book.eventTimeNanos)
    }
}

/// An instrument's latest quote and top of book, either of which may be missing.
struct MarketSnapshotJSON: Encodable {
    var instrumentId: String
    var quote: QuoteJSON?
    var topOfBook: TopOfBookJSON?
}

/// The JSON of a bar.
struct BarJSON: Encodable {
    var instrumentId: String
    var symbol: String
    var interval: String
    var windowStart: String
    var windowEnd: String
    var open: Double
    var high: Double
    var low: Double
    var close: Double
    var volume: Double
    var vwap: Double
    var tradeCount: UInt64
    var currency: String
    var notionalBase: Double
    var baseCurrency: String
    var revision: UInt32

    init(_ bar: Bar) {
        instrumentId = bar.instrumentId
        symbol = bar.symbol
        interval = bar.interval.rawValue
        windowStart = Timestamp.iso8601(bar.windowStartNanos)
        windowEnd = Timestamp.iso8601(bar.windowEndNanos)
        open = bar.open
        high = bar.high
        low = bar.low
        close = bar.close
        volume = bar.volume
        vwap = bar.vwap
        tradeCount = bar.tradeCount
        currency = bar.currency
        notionalBase = bar.notionalBase
        baseCurrency = bar.baseCurrency
        revision = bar.revision
    }
}

/// Bars of a range and where they were read.
struct BarsJSON: Encodable {
    var instrumentId: String
    var interval: String
    var from: String
    var to: String
    /// `views` (all from the live views), `warehouse` (all from history) or `warehouse+views`.
    var source: String
    var items: [BarJSON]
}

/// The JSON of an anomaly.
struct AnomalyJSON: Encodable {
    var instrumentId: String
    var symbol: String
    var score: Double
    var threshold: Double
    var components: [String: Double]
    var detector: String
    var description: String
    var eventTime: String

    init(_ anomaly: Anomaly) {
        instrumentId = anomaly.instrumentId
        symbol = anomaly.symbol
        score = anomaly.score
        threshold = anomaly.threshold
        components = anomaly.components
        detector = anomaly.detector
        description = anomaly.description
        eventTime = Timestamp.iso8601(anomaly.eventTimeNanos)
    }
}

/// A list answer.
struct ItemsJSON<Item: Encodable>: Encodable {
    var items: [Item]
}

extension QuoteJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.field("instrumentId", instrumentId)
            json.field("symbol", symbol)
            json.field("venue", venue)
            json.field("bid", bid)
            json.field("bidSize", bidSize)
            json.field("ask", ask)
            json.field("askSize", askSize)
            json.field("mid", mid)
            json.field("spread", spread)
            json.field("currency", currency)
            json.field("eventTime", eventTime)
        }
    }
}

extension TopOfBookJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.field("instrumentId", instrumentId)
            json.field("symbol", symbol)
            json.field("bid", bid)
            json.field("bidSize", bidSize)
            json.field("bidVenue", bidVenue)
            json.field("ask", ask)
            json.field("askSize", askSize)
            json.field("askVenue", askVenue)
            json.field("mid", mid)
            json.field("spread", spread)
            json.field("currency", currency)
            json.field("eventTime", eventTime)
        }
    }
}

extension MarketSnapshotJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.field("instrumentId", instrumentId)
            json.field("quote", quote)
            json.field("topOfBook", topOfBook)
        }
    }
}

extension ItemsJSON: JSONWritable where Item: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { json in
            json.key("items")
            json.array { list in
                for item in items { item.write(to: &list) }
            }
        }
    }
}
