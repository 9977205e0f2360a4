import Foundation
import Testing
@testable import Warehouse

@Suite struct ParquetRoundTripTests {
    @Test func everyTypeWithNullsRoundTrips() throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        let batch = try WarehouseFixtures.allTypesBatch(rows: 5000)
        let path = "\(dir)/all.parquet"
        let writer = try ParquetWriter(path: path, schema: batch.schema)
        try writer.write(batch)
        let summary = try writer.close()
        #expect(summary.rows == 5000)

        let reader = try ParquetReader(path: path)
        #expect(reader.schema == batch.schema)
        let back = try reader.readAll()
        let expected = WarehouseFixtures.rows(batch)
        let actual = WarehouseFixtures.rows(back)
        #expect(actual == expected)
        #expect(back.column("price")?.nullCount == batch.column("price")?.nullCount)
    }

    @Test func smallRowGroupsAndPagesKeepStatistics() throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        let batch = try WarehouseFixtures.allTypesBatch(rows: 20_000)
        var options = ParquetWriterOptions(rowGroupBytes: 64 << 10, pageBytes: 4 << 10)
        options.compression = .none
        let writer = try ParquetWriter(path: "\(dir)/small.parquet", schema: batch.schema, options: options)
        try writer.write(batch)
        try writer.close()
        let reader = try ParquetReader(path: "\(dir)/small.parquet")
        #expect(reader.rowGroupCount > 3)
        var start = 0
        for g in 0..<reader.rowGroupCount {
            let rows = reader.rowCount(ofRowGroup: g)
            let ids = batch.column("id")!
            let expectedMin = (start..<(start + rows)).compactMap { ids.isValid($0) ? ids.int64Values![$0] : nil }.min()!
            let stats = reader.statistics(rowGroup: g, column: 0)
            #expect(stats?.min == .int64(expectedMin))
            #expect(stats?.nullCount == (start..<(start + rows)).filter { !ids.isValid($0) }.count)
            start += rows
        }
        let back = try reader.readAll()
        #expect(WarehouseFixtures.rows(back) == WarehouseFixtures.rows(batch))
    }

    @Test func highCardinalityStringsFallBackToPlain() throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        var builder = StringColumnBuilder()
        for r in 0..<60_000 { builder.append(r % 11 == 0 ? nil : "trade-\(r)-\(String(repeating: "x", count: r % 40))") }
        let batch = try RecordBatch(columns: [builder.build(ColumnSpec("trade_id", .string))])
        var options = ParquetWriterOptions()
        options.dictionaryPageLimit = 64 << 10
        let writer = try ParquetWriter(path: "\(dir)/s.parquet", schema: batch.schema, options: options)
        try writer.write(batch)
        try writer.close()
        let back = try ParquetReader(path: "\(dir)/s.parquet").readAll()
        #expect(WarehouseFixtures.rows(back) == WarehouseFixtures.rows(batch))
    }

    @Test func damagedFilesThrowErrorsNamingTheFile() throws {
        let dir = try WarehouseFixtures.temporaryDirectory()
        let batch = try WarehouseFixtures.allTypesBatch(rows: 3000)
        let path = "\(dir)/good.parquet"
        let writer = try ParquetWriter(path: path, schema: batch.schema)
        try writer.write(batch)
        try writer.close()
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        func expectFailure(_ name: String, _ bytes: Data, _ codes: Set<WarehouseError.Code>) throws {
            let damaged = "\(dir)/\(name).parquet"
            try bytes.write(to: URL(fileURLWithPath: damaged))
            do {
                let reader = try ParquetReader(path: damaged)
                _ = try reader.readAll()
                Issue.record("\(name) read without error")
            } catch let error as WarehouseError {
                #expect(codes.contains(error.code), "\(name): \(error)")
                #expect(error.path == damaged)
                #expect(error.description.contains(damaged))
            }
        }
        try expectFailure("empty", Data(), [.notParquet])
        try expectFailure("truncated", good.prefix(good.count / 2), [.notParquet])
        var wrongMagic = good
        wrongMagic[0] = UInt8(ascii: "X")
        try expectFailure("magic", wrongMagic, [.notParquet])
        var badFooterLength = good
        badFooterLength[good.count - 5] = 0x7F
        try expectFailure("footer-length", badFooterLength, [.corruptFile])
        // Flip bytes through the data region and footer: every outcome must be a WarehouseError, never a trap.
        for offset in stride(from: 4, to: good.count - 8, by: max(1, good.count / 97)) {
            var flipped = good
            flipped[offset] ^= 0x5A
            let damaged = "\(dir)/flip-\(offset).parquet"
            try flipped.write(to: URL(fileURLWithPath: damaged))
            do {
                _ = try ParquetReader(path: damaged).readAll()
            } catch let error as WarehouseError {
                #expect(error.path == damaged)
            }
        }
    }
}
