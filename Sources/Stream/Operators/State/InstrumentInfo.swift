import Model

/// What bars and books of an instrument repeat from its ticks: ids, symbol, currency, the record key.
struct InstrumentInfo: Sendable {
    var instrumentId: String
    var symbol: String
    var currency: String
    var key: [UInt8]?

    init(instrumentId: String, symbol: String, currency: String, key: [UInt8]?) {
        self.instrumentId = instrumentId
        self.symbol = symbol
        self.currency = currency
        self.key = key
    }
}
