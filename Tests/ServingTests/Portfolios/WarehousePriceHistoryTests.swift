import Foundation
import Model
import Serving
import Testing
import Warehouse

/// Prices at a time from a real warehouse: the last trade or bar close at or before it, across tables.
@Suite struct WarehousePriceHistoryTests {
    static let day = Timestamp.nanosPerDay
    static let t = Timestamp.floor(Timestamp.now(), toMultipleOf: day) - 2 * day

    @Test func theLastTradeOrCloseAtOrBeforeTheTimeWins() async throws {
        let warehouse = try PriceWarehouse()
        defer { warehouse.remove() }
        let t = Self.t
        try warehouse.trades([
            ("AAPL", 200, t),  // exactly at t: included
            ("AAPL", 999, t + 1),  // after t: excluded
            ("MSFT", 410, t - 3 * Self.day),  // only in the month-long window
        ])
        try warehouse.bars(.oneMinute, [("AAPL", 190, t - 60 * Timestamp.nanosPerSecond, 0)])
        try warehouse.bars(.oneHour, [
            ("JPM", 95, t - 5 * Timestamp.nanosPerHour, 0),
            ("JPM", 90, t - 5 * Timestamp.nanosPerHour, 1),  // a later revision of the same bar wins
        ])
        try warehouse.bars(.oneDay, [
            ("MSFT", 400, t - 10 * Self.day, 0),  // older than MSFT's trade
            ("SAP", 50, t - 100 * Self.day, 0),  // only in all history
        ])
        let ids = Set(["AAPL", "MSFT", "JPM", "SAP", "NVS"].map(PriceWarehouse.id))
        let prices = try await warehouse.history.prices(of: ids, at: t)
        #expect(prices[PriceWarehouse.id("AAPL")] == PricePoint(price: 200, timeNanos: t))
        #expect(prices[PriceWarehouse.id("MSFT")] == PricePoint(price: 410, timeNanos: t - 3 * Self.day))
        #expect(prices[PriceWarehouse.id("JPM")] == PricePoint(price: 90, timeNanos: t - 5 * Timestamp.nanosPerHour))
        #expect(prices[PriceWarehouse.id("SAP")] == PricePoint(price: 50, timeNanos: t - 100 * Self.day))
        #expect(prices[PriceWarehouse.id("NVS")] == nil)  // no history at all
        #expect(prices.count == 4)

        let earlier = try await warehouse.history.prices(of: ids, at: t - 1)
        #expect(earlier[PriceWarehouse.id("AAPL")] == PricePoint(price: 190, timeNanos: t - 60 * Timestamp.nanosPerSecond))
        let before = try await warehouse.history.prices(of: ids, at: t - 200 * Self.day)
        #expect(before.isEmpty)
        let later = try await warehouse.history.prices(of: [PriceWarehouse.id("AAPL")], at: .max)
        #expect(later[PriceWarehouse.id("AAPL")]?.price == 999)
    }

    @Test func anEmptyWarehouseHasNoPrices() async throws {
        let warehouse = try PriceWarehouse()
        defer { warehouse.remove() }
        let prices = try await warehouse.history.prices(of: [PriceWarehouse.id("AAPL")], at: Self.t)
        #expect(prices.isEmpty)
    }
}

/// Trades stored under other ids (the embedded simulator's) are found on the stock's symbol when asked to.
@Suite struct WarehousePriceHistorySymbolTests {
    @Test func rowsUnderOtherIdsMatchOnSymbol() async throws {
        let warehouse = try PriceWarehouse()
        defer { warehouse.remove() }
        let t = WarehousePriceHistoryTests.t
        let trades = [
            Trade(instrumentId: "us-eq-aapl", symbol: "AAPL", price: 201, quantity: 1, currency: "USD", eventTimeNanos: t - 5, ingestTimeNanos: t),
            Trade(instrumentId: "us-eq-msft", symbol: "MSFT", price: 411, quantity: 1, currency: "USD", eventTimeNanos: t - 40 * Timestamp.nanosPerDay, ingestTimeNanos: t),
        ]
        try warehouse.store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
        try warehouse.trades([("MSFT", 412, t - 50 * Timestamp.nanosPerDay)])  // under MSFT's own id
        let aapl = PriceWarehouse.id("AAPL"), msft = PriceWarehouse.id("MSFT")
        let onIds = try await warehouse.history.prices(of: [aapl, msft], at: t)
        #expect(onIds[aapl] == nil)
        #expect(onIds[msft]?.price == 412)
        let history = WarehousePriceHistory(store: warehouse.store, symbols: StockCatalog.seeded.symbolsById)
        let onSymbols = try await history.prices(of: [aapl, msft], at: t)
        #expect(onSymbols[aapl] == PricePoint(price: 201, timeNanos: t - 5))
        // MSFT's own id has a row in the same (all-history) window: the id wins over the newer symbol row.
        #expect(onSymbols[msft] == PricePoint(price: 412, timeNanos: t - 50 * Timestamp.nanosPerDay))
    }
}
