import Foundation
import Model
import Serving
import Warehouse

/// A real warehouse in a temporary directory holding known trades and bars, and the price history over it.
struct PriceWarehouse {
    let root: String
    let store: WarehouseStore
    var history: WarehousePriceHistory { WarehousePriceHistory(store: store) }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-prices-\(UUID().uuidString)").path
        store = try WarehouseStore(root: root)
    }

    /// Appends trades `(symbol, price, time)` of seeded stocks to `trades`.
    func trades(_ rows: [(String, Double, Int64)]) throws {
        let trades = rows.map { symbol, price, time in
            Trade(instrumentId: Self.id(symbol), symbol: symbol, price: price, quantity: 100, currency: "USD", eventTimeNanos: time, ingestTimeNanos: time)
        }
        try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
    }

    /// Appends bars `(symbol, close, time of their last trade, revision)` of seeded stocks to `bars_<interval>`.
    func bars(_ interval: BarInterval, _ rows: [(String, Double, Int64, UInt32)]) throws {
        let bars = rows.map { symbol, close, time, revision in
            Bar(
                instrumentId: Self.id(symbol), symbol: symbol, interval: interval,
                windowStartNanos: Timestamp.floor(time, toMultipleOf: interval.nanos), open: close * 0.9, high: close * 1.1,
                low: close * 0.8, close: close, volume: 1_000, vwap: close, tradeCount: 10, currency: "USD", notionalBase: close * 1_000,
                baseCurrency: "USD", revision: revision, eventTimeNanos: time, ingestTimeNanos: time)
        }
        try store.append(try Tables.barRows.encode(bars), to: Tables.bars(interval))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static func id(_ symbol: String) -> String { StockCatalog.seeded.listing(symbol)!.instrument.id }
}
