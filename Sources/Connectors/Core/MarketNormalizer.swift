import Model

/// The fields a market-data feed record carries, before normalisation; `nil` means absent.
public struct MarketRecord: Sendable, Hashable {
    /// The feed's symbol.
    public var symbol: String
    /// Trade price.
    public var price: Double?
    /// Trade size.
    public var size: Double?
    /// Trade aggressor side.
    public var side: AggressorSide = .unknown
    /// Best bid.
    public var bid: Double?
    /// Size at the bid.
    public var bidSize: Double?
    /// Best ask.
    public var ask: Double?
    /// Size at the ask.
    public var askSize: Double?
    /// Event time, ns since the epoch (UTC).
    public var eventTimeNanos: Int64
    /// Feed sequence number, 0 when none.
    public var sequence: UInt64 = 0
    /// Venue trade id, empty when none.
    public var tradeId: String = ""

    /// Creates a record.
    public init(symbol: String, eventTimeNanos: Int64) {
        self.symbol = symbol
        self.eventTimeNanos = eventTimeNanos
    }
}

/// Turns feed records into Model events: looks the symbol up in the instrument master, takes instrument id,
/// currency and venue from it, checks prices and sizes, and picks the topic by asset class (FX becomes an
/// ``FXRate``).
public struct MarketNormalizer: Sendable {
    /// The instrument master symbols are resolved against.
    public var master: InstrumentMaster { storage.master }
    /// The name FX rates carry as `source`.
    public var sourceName: String { storage.sourceName }
    /// Everything behind one reference: parsers reach the normaliser per record, and a copy of a struct of arrays
    /// (the master's, the symbol table's) would retain and release each of them every time.
    private let storage: Storage

    private final class Storage: Sendable {
        let master: InstrumentMaster
        let sourceName: String
        let symbols: SymbolTable
        let resolved: [Resolved]

        init(master: InstrumentMaster, sourceName: String, symbols: SymbolTable, resolved: [Resolved]) {
            self.master = master
            self.sourceName = sourceName
            self.symbols = symbols
            self.resolved = resolved
        }
    }

    /// What an event takes from its instrument, kept apart so a lookup copies four strings, not a whole instrument.
    struct Resolved: Sendable {
        var id: String, symbol: String, venue: String, currency: String
        var assetClass: AssetClass
    }

    /// Creates a normaliser.
    public init(master: InstrumentMaster, sourceName: String) {
        storage = Storage(
            master: master, sourceName: sourceName, symbols: SymbolTable(symbols: master.instruments.map(\.symbol)),
            resolved: master.instruments.map {
                Resolved(id: $0.id, symbol: $0.symbol, venue: $0.venue, currency: $0.currency, assetClass: $0.assetClass)
            })
    }

    /// The master's index of the instrument whose symbol is spelled by `bytes`, if any.
    func instrumentIndex(of bytes: UnsafeBufferPointer<UInt8>) -> Int? { storage.symbols.index(of: bytes) }

    /// Normalises one record: a quote when it has a bid or an ask, else a trade.
    ///
    /// - Parameters:
    ///   - record: the parsed fields.
    ///   - ingestTime: when TickFlow read it.
    ///   - position: where it was read, for a reject.
    ///   - payload: its raw bytes, for a reject.
    public func normalize(_ record: MarketRecord, ingestTime: Int64, position: @autoclosure () -> FeedPosition,
                          payload: @autoclosure () -> [UInt8]) -> FeedItem {
        guard let index = storage.symbols.index(of: record.symbol) else {
            return .reject(FeedReject(
                position: position(), reason: .unknownSymbol,
                detail: "symbol \"\(record.symbol)\" is not in the instrument master", payload: payload()))
        }
        return normalize(record, instrumentAt: index, ingestTime: ingestTime, position: position(), payload: payload())
    }

    /// Normalises a record whose instrument is already resolved (``instrumentIndex(of:)``).
    func normalize(_ record: MarketRecord, instrumentAt index: Int, ingestTime: Int64,
                   position: @autoclosure () -> FeedPosition, payload: @autoclosure () -> [UInt8]) -> FeedItem {
        func reject(_ reason: RejectReason, _ detail: String) -> FeedItem {
            .reject(FeedReject(position: position(), reason: reason, detail: detail, payload: payload()))
        }
        let instrument = storage.resolved[index]
        if record.bid != nil || record.ask != nil {
            guard let bid = record.bid, let ask = record.ask else {
                return reject(.missingField, "a quote needs both bid and ask")
            }
            guard bid.isFinite, bid > 0 else { return reject(.invalidPrice, "bid must be > 0, got \(bid)") }
            guard ask.isFinite, ask > 0 else { return reject(.invalidPrice, "ask must be > 0, got \(ask)") }
            guard bid <= ask else { return reject(.crossedQuote, "bid \(bid) is above ask \(ask)") }
            let bidSize = record.bidSize ?? 0, askSize = record.askSize ?? 0
            guard bidSize.isFinite, bidSize >= 0, askSize.isFinite, askSize >= 0 else {
                return reject(.invalidSize, "quote sizes must be >= 0, got \(bidSize) / \(askSize)")
            }
            if instrument.assetClass == .fx {
                return fx(instrument, rate: (bid + ask) / 2, bid: bid, ask: ask, record: record, ingestTime: ingestTime)
            }
            return .event(.market(.quote(Quote(
                instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: bid,
                bidSize: bidSize, askPrice: ask, askSize: askSize, currency: instrument.currency,
                sequence: record.sequence, eventTimeNanos: record.eventTimeNanos, ingestTimeNanos: ingestTime)),
                instrument.assetClass))
        }
        guard let price = record.price else { return reject(.missingField, "a trade needs a price") }
        guard price.isFinite, price > 0 else { return reject(.invalidPrice, "price must be > 0, got \(price)") }
        guard let size = record.size else { return reject(.missingField, "a trade needs a size") }
        guard size.isFinite, size > 0 else { return reject(.invalidSize, "size must be > 0, got \(size)") }
        if instrument.assetClass == .fx {
            return fx(instrument, rate: price, bid: 0, ask: 0, record: record, ingestTime: ingestTime)
        }
        return .event(.market(.trade(Trade(
            instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, price: price,
            quantity: size, currency: instrument.currency, aggressorSide: record.side, tradeId: record.tradeId,
            sequence: record.sequence, eventTimeNanos: record.eventTimeNanos, ingestTimeNanos: ingestTime)),
            instrument.assetClass))
    }

    private func fx(_ instrument: Resolved, rate: Double, bid: Double, ask: Double, record: MarketRecord,
                    ingestTime: Int64) -> FeedItem {
        let pair = instrument.symbol
        let base = String(pair.prefix(3)), quote = String(pair.dropFirst(3).prefix(3))
        return .event(.fx(FXRate(
            baseCurrency: base, quoteCurrency: quote, rate: rate, bid: bid, ask: ask, source: sourceName,
            eventTimeNanos: record.eventTimeNanos, ingestTimeNanos: ingestTime)))
    }
}
