import Model

/// A trade or a quote as the tick processor's stages read it: code generic over the two reaches their fields
/// directly.
///
/// Why not `MarketEvent`: each of its accessors (`eventTimeNanos`, `currency`, …) switches on the enum, and a
/// switch copies the whole payload, its five strings retained and released, at every access. A tick went through
/// about ten such copies on its way through the stages, most of the stream stage's time. The processor takes the
/// payload out of the event once and hands it on as `Trade` or `Quote`.
protocol MarketTick: Sendable {
    var instrumentId: String { get }
    var symbol: String { get }
    var currency: String { get }
    var eventTimeNanos: Int64 { get }
    var ingestTimeNanos: Int64 { get }
    /// The price spikes are scored on and the enriched tick's base price is converted from: a trade's price, a
    /// quote's mid.
    var referencePrice: Double { get }
    /// Price × quantity in the tick's currency; 0 for a quote.
    var tradedNotional: Double { get }
    /// What the duplicate filter remembers the tick by (see ``DuplicateFilter``); `nil` when it has no identity.
    var duplicateIdentity: UInt64? { get }
    /// Why the tick's prices or sizes are unusable: a reason code (`INVALID_PRICE`, `INVALID_SIZE`) and the
    /// offending values; `nil` when they are usable.
    var invalidValues: (code: String, detail: String)? { get }
    /// `crossed` or `locked` for a quote whose bid is above or at its ask.
    var bookFlags: TickFlags { get }
    /// The tick for people: kind, symbol and its identity.
    var summary: String { get }
    /// The tick as a market event, moved into it.
    consuming func intoEvent() -> MarketEvent
}

extension Trade: MarketTick {
    var referencePrice: Double { price }
    var tradedNotional: Double { notional }
    var duplicateIdentity: UInt64? { DuplicateFilter.identity(tradeId: tradeId, sequence: sequence) }
    var bookFlags: TickFlags { [] }
    var summary: String { "trade \(symbol) id \"\(tradeId)\" seq \(sequence)" }
    consuming func intoEvent() -> MarketEvent { .trade(self) }

    var invalidValues: (code: String, detail: String)? {
        if !(price.isFinite && price > 0) { return ("INVALID_PRICE", "price \(price), must be finite and > 0") }
        if !(quantity.isFinite && quantity >= 0) { return ("INVALID_SIZE", "quantity \(quantity), must be finite and >= 0") }
        return nil
    }
}

extension Quote: MarketTick {
    var referencePrice: Double { mid }
    var tradedNotional: Double { 0 }
    var duplicateIdentity: UInt64? { DuplicateFilter.identity(quoteSequence: sequence) }
    var summary: String { "quote \(symbol)@\(venue) seq \(sequence)" }
    consuming func intoEvent() -> MarketEvent { .quote(self) }

    var bookFlags: TickFlags {
        bidPrice > askPrice ? .crossed : bidPrice == askPrice ? .locked : []
    }

    var invalidValues: (code: String, detail: String)? {
        if !(bidPrice.isFinite && bidPrice > 0 && askPrice.isFinite && askPrice > 0) {
            return ("INVALID_PRICE", "bid \(bidPrice) / ask \(askPrice), both must be finite and > 0")
        }
        if !(bidSize.isFinite && bidSize >= 0 && askSize.isFinite && askSize >= 0) {
            return ("INVALID_SIZE", "sizes \(bidSize) / \(askSize), both must be finite and >= 0")
        }
        return nil
    }
}
