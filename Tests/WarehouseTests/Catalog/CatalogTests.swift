import Foundation
import Model
import Testing
@testable import Warehouse

@Suite struct CatalogTests {
    static let day: Int64 = 1_763_683_200_000_000_000

    static func trades(_ count: Int, seed: UInt64, start: Int64 = day) throws -> RecordBatch {
        try Tables.tradeRows.encode(SampleTrades.make(count: count, seed: seed, startNanos: start))
    }

    @Test func commitsAreVersionedAndOlderVersionsStayReadable() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        #expect(try store.catalog.current() == .empty)
        let first = try store.append(try Self.trades(500, seed: 1), to: Tables.trades)
        let second = try store.append(try Self.trades(700, seed: 2), to: Tables.trades)
        #expect(first.version == 1)
        #expect(second.version == 2)
        #expect(store.catalog.versions() == [1, 2])
        let scanner = TableScanner(store: store)
        let now = try scanner.collect(ScanRequest(table: Tables.trades))
        let then = try scanner.collect(ScanRequest(table: Tables.trades, version: 1))
        #expect(now.count == 1200)
        #expect(then.count == 500)
        #expect(throws: WarehouseError.self) { try store.catalog.snapshot(version: 9) }
    }

    @Test func rowsSpanningDaysLandInOnePartitionPerDay() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        // 3000 trades 1 ms apart starting 1 s before midnight: two days.
        let snapshot = try store.append(try Self.trades(3000, seed: 3, start: Self.day - 1_000_000_000), to: Tables.trades)
        let partitions = snapshot.files.map(\.partition.description).sorted()
        #expect(partitions == ["2025-11-20", "2025-11-21"])
        for file in snapshot.files {
            let times = try ParquetReader(path: store.absolutePath(file)).readAll(columns: [0]).columns[0].int64Values!
            #expect(times.allSatisfy { PartitionDate(nanos: $0) == file.partition })
            #expect(file.path.hasPrefix("trades/date=\(file.partition)/part-"))
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }

    @Test func compactionMergesSmallFilesAndKeepsEveryRow() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        var expected: [[ScalarValue]] = []
        for seed in 0..<5 {
            let batch = try Self.trades(400, seed: UInt64(seed), start: Self.day + Int64(seed) * 1_000_000_000_000)
            expected += WarehouseFixtures.rows(batch)
            try store.append(batch, to: Tables.trades)
        }
        #expect(try store.compact(table: Tables.trades) == 5)
        let snapshot = try store.catalog.current()
        #expect(snapshot.files.count == 1)
        let rows = WarehouseFixtures.rows(try TableScanner(store: store).collect(ScanRequest(table: Tables.trades)))
        #expect(rows.count == expected.count)
        #expect(Set(rows.map { "\($0)" }) == Set(expected.map { "\($0)" }))
        // Old files stay until vacuum, and the version before compaction still reads them.
        #expect(try TableScanner(store: store).collect(ScanRequest(table: Tables.trades, version: 5)).count == 2000)
        let report = try store.vacuum(keepVersions: 1, minimumAgeSeconds: 0)
        #expect(report.deletedFiles.count == 5)
        #expect(store.catalog.versions() == [6])
    }

    @Test func retentionDropsOldPartitions() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        for d in 0..<4 { try store.append(try Self.trades(100, seed: UInt64(d), start: Self.day + Int64(d) * Timestamp.nanosPerDay), to: Tables.trades) }
        let dropped = try store.dropPartitions(table: Tables.trades, olderThan: try PartitionDate(parsing: "2025-11-23"))
        #expect(dropped.map(\.description) == ["2025-11-21", "2025-11-22"])
        #expect(try store.catalog.current().files.map(\.partition.description).sorted() == ["2025-11-23", "2025-11-24"])
    }

    @Test func concurrentCommitsGetDistinctVersions() async throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for seed in 0..<8 {
                group.addTask { try store.append(try Self.trades(50, seed: UInt64(seed)), to: Tables.trades) }
            }
            try await group.waitForAll()
        }
        let snapshot = try store.catalog.current()
        #expect(snapshot.version == 8)
        #expect(snapshot.files.count == 8)
    }

    @Test func staleSourceOffsetsConflict() throws {
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        try store.catalog.commit(Catalog.Change(operation: "a", sourceOffsets: ["t:0": 10], expectedSourceOffsets: ["t:0": nil]))
        #expect(throws: WarehouseError.self) {
            try store.catalog.commit(Catalog.Change(operation: "b", sourceOffsets: ["t:0": 20], expectedSourceOffsets: ["t:0": nil]))
        }
        try store.catalog.commit(Catalog.Change(operation: "c", sourceOffsets: ["t:0": 20], expectedSourceOffsets: ["t:0": 10]))
        #expect(try store.catalog.current().sourceOffsets == ["t:0": 20])
    }
}
