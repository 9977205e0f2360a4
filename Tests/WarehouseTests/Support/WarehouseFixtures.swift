import Foundation
import TickFlowTestSupport
@testable import Warehouse

/// Shared fixtures: temp directories, the reference Python and a batch of every column type with nulls.
enum WarehouseFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-wh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a Python script with the venv's interpreter (pyarrow, duckdb, polars) and returns its stdout.
    static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestServerError("\(python) missing: run scripts/bootstrap")
        }
        return try Command.check(python, ["-c", script] + arguments).stdout
    }

    static let allTypesSchema = Schema([
        ColumnSpec("id", .int64),
        ColumnSpec("ts", .timestampNanos),
        ColumnSpec("price", .double),
        ColumnSpec("flag", .bool),
        ColumnSpec("symbol", .string),
        ColumnSpec("amount", .decimal(precision: 20, scale: 8)),
        ColumnSpec("uid", .uuid),
    ])

    static let symbols = ["AAPL", "MSFT", "EURUSD", "ÄÖÜ-Ω", ""]

    /// `rows` rows of every type; every seventh row (by column offset) is null.
    static func allTypesBatch(rows: Int) throws -> RecordBatch {
        var id = Int64ColumnBuilder(), ts = Int64ColumnBuilder(), price = DoubleColumnBuilder(), flag = BoolColumnBuilder()
        var symbol = StringColumnBuilder(), amount = DecimalColumnBuilder(scale: 8), uid = FixedBytesColumnBuilder(width: 16)
        for r in 0..<rows {
            id.append(r % 7 == 1 ? nil : Int64(r) * 1_000_003 - 500_000)
            ts.append(r % 7 == 2 ? nil : 1_763_683_200_000_000_000 + Int64(r) * 1_234_567)
            price.append(r % 7 == 3 ? nil : 100 + Double(r) * 0.25 - Double(r % 13) * 1.5)
            flag.append(r % 7 == 4 ? nil : r % 3 == 0)
            symbol.append(r % 7 == 5 ? nil : symbols[r % symbols.count])
            try amount.append(r % 7 == 6 ? nil : Decimal(string: "\(r % 2 == 0 ? "-" : "")\(r * 37).\(String(format: "%08d", r * 7919 % 100_000_000))")!)
            let bytes = (0..<16).map { UInt8(truncatingIfNeeded: r &* 31 &+ $0 &* 7) }
            try uid.append(r % 7 == 0 ? nil : bytes)
        }
        let columns = [
            id.build(allTypesSchema.columns[0]), ts.build(allTypesSchema.columns[1]), price.build(allTypesSchema.columns[2]),
            flag.build(allTypesSchema.columns[3]), symbol.build(allTypesSchema.columns[4]),
            amount.build(allTypesSchema.columns[5]), uid.build(allTypesSchema.columns[6]),
        ]
        return try RecordBatch(columns: columns)
    }

    /// Every row as printable values, for comparing batches whose dictionaries differ.
    static func rows(_ batch: RecordBatch) -> [[ScalarValue]] {
        (0..<batch.count).map { row in batch.columns.map { $0.value(at: row) } }
    }
}
