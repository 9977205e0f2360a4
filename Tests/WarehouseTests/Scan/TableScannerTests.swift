import Foundation
import Model
import Testing
@testable import Warehouse

@Suite struct TableScannerTests {
    static let day: Int64 = 1_763_683_200_000_000_000

    /// Three days of trades, small row groups so that statistics prune.
    static func store() throws -> (WarehouseStore, [Trade]) {
        var store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        store.writerOptions = ParquetWriterOptions(rowGroupBytes: 16 << 10)
        var all: [Trade] = []
        for d in 0..<3 {
            let trades = SampleTrades.make(count: 20_000, seed: UInt64(d), startNanos: day + Int64(d) * Timestamp.nanosPerDay)
            all += trades
            try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
        }
        return (store, all)
    }

    @Test func timeRangeAndSymbolsArePushedDownAndFiltered() throws {
        let (store, trades) = try Self.store()
        let from = Self.day + Timestamp.nanosPerDay + 5_000_000_000
        let to = from + 3_000_000_000
        let request = ScanRequest(table: Tables.trades, columns: ["event_time", "symbol", "price"], fromNanos: from, toNanos: to, symbols: ["AAPL", "NVDA"])
        var batches: [RecordBatch] = []
        let statistics = try TableScanner(store: store).scan(request) { batches.append($0) }
        let result = try RecordBatch.concatenate(batches)
        let expected = trades.filter { $0.eventTimeNanos >= from && $0.eventTimeNanos < to && ["AAPL", "NVDA"].contains($0.symbol) }
        #expect(result.count == expected.count)
        #expect(result.schema.columns.map(\.name) == ["event_time", "symbol", "price"])
        let prices = (0..<result.count).map { result.column("price")!.doubleValues![$0] }
        #expect(prices == expected.map(\.price))
        #expect(statistics.filesPruned == 2)
        #expect(statistics.rowGroupsPruned > 0)
        // About 3,000 of the day's 20,000 rows fall in the range: most row groups are skipped by their time bounds.
        #expect(statistics.rowGroupsRead * 4 < statistics.rowGroupsPruned)
    }

    @Test func instrumentIdsArePushedDown() throws {
        let (store, trades) = try Self.store()
        let id = SampleTrades.instrumentIds[3]
        let result = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades, columns: ["instrument_id", "sequence"], instrumentIds: [id]))
        #expect(result.count == trades.filter { $0.instrumentId == id }.count)
        #expect((0..<result.count).allSatisfy { result.columns[0].value(at: $0) == .string(id) })
    }

    @Test func unknownColumnIsAClearError() throws {
        let (store, _) = try Self.store()
        #expect(throws: WarehouseError.self) {
            try TableScanner(store: store).collect(ScanRequest(table: Tables.trades, columns: ["nope"]))
        }
    }

    @Test func vwapPerSymbolMatchesDuckDB() throws {
        let (store, _) = try Self.store()
        var volume: [String: Double] = [:], notional: [String: Double] = [:]
        try TableScanner(store: store).scan(ScanRequest(table: Tables.trades, columns: ["symbol", "price", "quantity"])) { batch in
            let symbols = batch.columns[0].stringValues!, prices = batch.columns[1].doubleValues!, quantities = batch.columns[2].doubleValues!
            for row in 0..<batch.count {
                volume[symbols[row], default: 0] += quantities[row]
                notional[symbols[row], default: 0] += prices[row] * quantities[row]
            }
        }
        let output = try WarehouseFixtures.python("""
        import duckdb, sys
        for s, v in duckdb.sql(f"select symbol, sum(price*quantity)/sum(quantity) from read_parquet('{sys.argv[1]}/trades/*/*.parquet') group by symbol").fetchall():
            print(s, repr(v))
        """, [store.root])
        let reference = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            return (String(parts[0]), Double(parts[1])!)
        })
        #expect(reference.count == 20)
        for (symbol, vwap) in reference {
            let ours = notional[symbol]! / volume[symbol]!
            #expect(abs(ours - vwap) <= 1e-9 * vwap, "\(symbol): \(ours) vs \(vwap)")
        }
    }
}
