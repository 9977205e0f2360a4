import Model
import Stream

/// Running totals of one instrument's trades.
struct InstrumentTotals: Codable, Sendable, Hashable {
    var symbol = ""
    var trades = 0
    var volume = 0.0
    var notional = 0.0
    var lastPrice = 0.0

    /// Volume-weighted average price since the first trade.
    var vwap: Double { volume > 0 ? notional / volume : 0 }
}

/// Validates trades (a price must be positive and finite) and keeps per-instrument totals, checkpointed.
struct InstrumentTotalsOperator: Operator {
    private var totals = KeyedState<InstrumentTotals>()

    mutating func process(_ batch: [StreamRecord<MarketEvent>], into output: inout OperatorOutput<InstrumentTotals>) throws {
        for record in batch {
            guard case .trade(let trade) = record.value else { continue }
            guard trade.price > 0, trade.price.isFinite, trade.quantity >= 0 else {
                output.reject(record, reasonCode: "INVALID_PRICE", reason: "price \(trade.price) x \(trade.quantity) of \(trade.symbol)")
                continue
            }
            let key = record.key ?? Array(trade.instrumentId.utf8)
            var entry = totals[key, default: InstrumentTotals(symbol: trade.symbol)]
            entry.trades += 1
            entry.volume += trade.quantity
            entry.notional += trade.price * trade.quantity
            entry.lastPrice = trade.price
            totals[key] = entry
            output.emit(StreamRecord(key: key, value: entry, eventTimeNanos: record.eventTimeNanos, position: record.position))
        }
    }

    func snapshotState() throws -> [UInt8] { try totals.snapshot() }

    mutating func restoreState(from bytes: [UInt8]) throws { totals = try KeyedState(restoring: bytes) }
}
