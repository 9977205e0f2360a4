import Foundation
import Model
import Stream
import Testing
@testable import Warehouse

@Suite struct BacktestSourceTests {
    @Test func replaysOverlappingFilesInEventTimeOrder() async throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        // Three commits whose time ranges interleave (same start, different seeds → jittered times).
        var all: [Trade] = []
        for seed in 0..<3 {
            let trades = SampleTrades.make(count: 2000, seed: UInt64(seed), startNanos: 1_763_683_200_000_000_000 + Int64(seed) * 333_333)
            all += trades
            try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
        }
        // And one later, disjoint file.
        let later = SampleTrades.make(count: 500, seed: 7, startNanos: 1_763_683_200_000_000_000 + 3_600_000_000_000)
        all += later
        try store.append(try Tables.tradeRows.encode(later), to: Tables.trades)

        let source = BacktestSource(
            store: store, request: ScanRequest(table: Tables.trades, symbols: ["AAPL", "TSLA"]),
            decode: { try RowDecoding.trades($0, rows: $1) }, key: { Array($0.instrumentId.utf8) }, eventTime: { $0.eventTimeNanos })
        var replayed: [StreamRecord<Trade>] = []
        while let batch = try await source.nextBatch(maxRecords: 333) { replayed += batch.records }

        let expected = all.filter { ["AAPL", "TSLA"].contains($0.symbol) }
        #expect(replayed.count == expected.count)
        let times = replayed.map(\.eventTimeNanos)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(replayed.map(\.value)) == Set(expected))
        #expect(replayed.last?.position?.offset == Int64(expected.count - 1))
    }

    @Test func replaysAFileOfManyRowGroupsAcrossBatchBoundaries() async throws {
        // Row groups of about 16 KB: a few hundred rows each, so batches of 500 straddle them.
        let store = try WarehouseStore(
            root: try WarehouseFixtures.temporaryDirectory(), writerOptions: ParquetWriterOptions(rowGroupBytes: 16 << 10))
        let trades = SampleTrades.make(count: 5_000, seed: 11, startNanos: 1_763_683_200_000_000_000).sorted { $0.eventTimeNanos < $1.eventTimeNanos }
        try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
        #expect(try ParquetReader(path: store.absolutePath(try TableScanner(store: store).plan(ScanRequest(table: Tables.trades)).files[0])).rowGroupCount > 3)

        let source = BacktestSource(
            store: store, request: ScanRequest(table: Tables.trades),
            decode: { try RowDecoding.trades($0, rows: $1) }, key: { Array($0.instrumentId.utf8) }, eventTime: { $0.eventTimeNanos })
        var replayed: [StreamRecord<Trade>] = []
        while let batch = try await source.nextBatch(maxRecords: 500) {
            #expect(batch.records.count <= 500)
            replayed += batch.records
        }
        #expect(replayed.map(\.value) == trades)
        #expect(replayed.map { $0.position?.offset } == (0..<Int64(trades.count)).map { $0 })
        #expect(replayed.allSatisfy { $0.key == Array($0.value.instrumentId.utf8) })
        #expect(try await source.nextBatch(maxRecords: 500) == nil)
    }
}
