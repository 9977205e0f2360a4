import Foundation
import Model
import Stream
import Testing
@testable import Warehouse

@Suite struct BacktestSourceTests {
    /// A replay of the trades table, keyed by instrument, in event time.
    private func tradeSource(_ store: WarehouseStore, _ request: ScanRequest) -> BacktestSource<Trade> {
        BacktestSource(
            store: store, request: request, decode: { try RowDecoding.trades($0, rows: $1) }, key: { Array($0.instrumentId.utf8) },
            eventTime: { $0.eventTimeNanos })
    }

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

        let source = tradeSource(store, ScanRequest(table: Tables.trades, symbols: ["AAPL", "TSLA"]))
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

        let source = tradeSource(store, ScanRequest(table: Tables.trades))
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

    /// Readers sharing one source (the actor lets a second in while the first waits for a group of files) get
    /// every row exactly once between them, numbered without gaps.
    @Test func concurrentReadersShareTheRowsWithoutDuplicatesOrGaps() async throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        var all: [Trade] = []
        // Disjoint hours: one group of files each, so the readers cross several loads.
        for hour in 0..<6 {
            let trades = SampleTrades.make(count: 800, seed: UInt64(hour), startNanos: 1_763_683_200_000_000_000 + Int64(hour) * 3_600_000_000_000)
            all += trades
            try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades)
        }
        let source = tradeSource(store, ScanRequest(table: Tables.trades))
        let replayed = try await withThrowingTaskGroup(of: [StreamRecord<Trade>].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mine: [StreamRecord<Trade>] = []
                    while let batch = try await source.nextBatch(maxRecords: 97) { mine += batch.records }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(replayed.count == all.count)
        // Compared, not printed: a failure would list thousands of trades.
        let offsets = replayed.compactMap { $0.position?.offset }.sorted()
        #expect(offsets.elementsEqual(0..<Int64(all.count)), "offsets not 0..<\(all.count) once each")
        #expect(Set(replayed.map(\.value)).symmetricDifference(all).isEmpty, "not every trade exactly once")
    }
}
