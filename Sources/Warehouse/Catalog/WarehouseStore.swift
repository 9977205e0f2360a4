import Foundation

/// A warehouse directory: tables of Parquet files under a ``Catalog``. Appends, compaction and retention each
/// land as one atomic commit.
public struct WarehouseStore: Sendable {
    /// The root directory.
    public let root: String
    /// Its catalog.
    public let catalog: Catalog
    /// How data files are written.
    public var writerOptions: ParquetWriterOptions

    /// Opens (creating if needed) a warehouse directory.
    ///
    /// - Throws: ``WarehouseError`` (`.io`).
    public init(root: String, writerOptions: ParquetWriterOptions = ParquetWriterOptions()) throws {
        self.root = root
        catalog = try Catalog(root: root)
        self.writerOptions = writerOptions
    }

    /// The absolute path of a data file.
    public func absolutePath(_ file: DataFile) -> String { "\(root)/\(file.path)" }

    /// Appends rows to a table in one commit: one file per day partition, rows in event-time order.
    ///
    /// - Parameters:
    ///   - batch: rows with the table's schema.
    ///   - table: the table.
    /// - Returns: the new snapshot.
    /// - Throws: ``WarehouseError``.
    @discardableResult
    public func append(_ batch: RecordBatch, to table: TableDefinition) throws -> Snapshot {
        let files = try writeFiles(batch, table: table)
        CrashPoint.beforeManifest.reach()
        return try catalog.commit(Catalog.Change(operation: "append \(table.name)", added: files))
    }

    /// Writes rows as durable data files, one per day partition, not yet committed.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch` when the batch does not have the table's schema or an
    ///   event time is null).
    public func writeFiles(_ batch: RecordBatch, table: TableDefinition) throws -> [DataFile] {
        guard batch.schema == table.schema else {
            throw WarehouseError(.schemaMismatch, "rows for \(table.name) have columns \(batch.schema.columns.map(\.name)), expected \(table.schema.columns.map(\.name))", path: root)
        }
        guard batch.count > 0 else { return [] }
        guard let timeColumn = batch.column(table.timeColumn), let times = timeColumn.int64Values, timeColumn.nullCount == 0 else {
            throw WarehouseError(.schemaMismatch, "\(table.name).\(table.timeColumn) must be a timestamp without nulls", path: root)
        }
        var byDay: [Int64: [Int]] = [:]
        let firstDay = PartitionDate(nanos: times[0]).day
        var singleDay = true
        for t in times where PartitionDate(nanos: t).day != firstDay { singleDay = false; break }
        if !singleDay {
            for (row, t) in times.enumerated() { byDay[PartitionDate(nanos: t).day, default: []].append(row) }
        }
        var files: [DataFile] = []
        let groups: [(Int64, RecordBatch)] = singleDay
            ? [(firstDay, batch)]
            : byDay.keys.sorted().map { ($0, batch.gather(byDay[$0]!)) }
        for (day, part) in groups {
            files.append(try writeFile(Self.sortedByTime(part, column: table.timeColumn), table: table, partition: PartitionDate(day: day)))
        }
        return files
    }

    /// Writes one durable data file: a temporary name, fsync, rename, directory fsync.
    func writeFile(_ batch: RecordBatch, table: TableDefinition, partition: PartitionDate) throws -> DataFile {
        let relativeDirectory = "\(table.name)/date=\(partition)"
        let directory = "\(root)/\(relativeDirectory)"
        try FileSystem.createDirectory(directory)
        let name = "part-\(UUID().uuidString.lowercased()).parquet"
        let temporary = "\(directory)/.\(name).tmp"
        if CrashPoint.armedPoint == .duringDataWrite {
            try FileSystem.writeDurably(ParquetMagic.bytes + [UInt8](repeating: 0xAB, count: 4096), to: temporary)
            CrashPoint.duringDataWrite.reach()
        }
        let writer = try ParquetWriter(path: temporary, schema: table.schema, options: writerOptions)
        try writer.write(batch)
        let summary = try writer.close()
        try FileSystem.rename(temporary, "\(directory)/\(name)")
        try FileSystem.syncDirectory(directory)
        let times = batch.column(table.timeColumn)?.int64Values ?? []
        return DataFile(
            path: "\(relativeDirectory)/\(name)", table: table.name, partition: partition, rows: summary.rows,
            bytes: summary.bytes, minTimeNanos: times.min() ?? 0, maxTimeNanos: times.max() ?? 0,
            symbols: table.symbolColumn.flatMap { Self.distinctValues(batch.column($0)) },
            instrumentIds: table.instrumentColumn.flatMap { Self.distinctValues(batch.column($0)) }
        )
    }

    /// The distinct non-null strings of a column when there are at most 256.
    static func distinctValues(_ column: Column?) -> [String]? {
        guard let column, let strings = column.stringValues else { return nil }
        var used = [Bool](repeating: false, count: strings.dictionary.count)
        for row in 0..<column.count where column.isValid(row) { used[Int(strings.indices[row])] = true }
        let values = Set(zip(strings.dictionary, used).filter(\.1).map(\.0))
        return values.count <= 256 ? values.sorted() : nil
    }

    /// The batch in ascending order of the time column (stable); returned as is when already sorted.
    static func sortedByTime(_ batch: RecordBatch, column: String) -> RecordBatch {
        guard let times = batch.column(column)?.int64Values else { return batch }
        var sorted = true
        for k in times.indices.dropFirst() where times[k] < times[k - 1] { sorted = false; break }
        if sorted { return batch }
        let order = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        return batch.gather(order)
    }
}
