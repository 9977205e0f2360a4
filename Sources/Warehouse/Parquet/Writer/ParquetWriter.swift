/// Writes a Parquet file: row groups of column chunks, zstd-compressed v1 data pages, statistics and a Thrift
/// footer that pyarrow, DuckDB and Polars read.
///
/// Every ``write(_:)`` cuts its batch into row groups of about ``ParquetWriterOptions/rowGroupBytes``;
/// ``close()`` writes the footer and fsyncs. A file is complete only after `close()`.
public final class ParquetWriter {
    /// The schema of the file.
    public let schema: Schema
    private let options: ParquetWriterOptions
    private let file: PosixFile
    private var buffer = ByteSink(capacity: 1 << 20)
    private var offset = 0
    private var rowGroups: [RowGroupMetadata] = []
    private var rows: Int64 = 0
    private let encoder: ColumnChunkEncoder

    /// Creates the file at `path` (truncating an existing one).
    ///
    /// - Throws: ``WarehouseError`` (`.io`) when the file cannot be created.
    public init(path: String, schema: Schema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        self.schema = schema
        self.options = options
        file = try PosixFile.create(path)
        encoder = ColumnChunkEncoder(options: options)
        buffer.append(contentsOf: ParquetMagic.bytes)
        offset = 4
    }

    /// The path being written.
    public var path: String { file.path }

    /// Appends the rows of `batch`, whose columns must match the schema by name and type, in order.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`, `.compression`, `.io`).
    public func write(_ batch: RecordBatch) throws {
        guard batch.schema == schema else {
            throw WarehouseError(.schemaMismatch, "batch columns \(batch.schema.columns.map(\.name)) do not match the file's", path: path)
        }
        guard batch.count > 0 else { return }
        let rowBytes = max(1, schema.columns.reduce(0) { $0 + $1.type.valueWidth + 1 })
        let rowsPerGroup = max(1, options.rowGroupBytes / rowBytes)
        var start = 0
        while start < batch.count {
            let end = min(batch.count, start + rowsPerGroup)
            try writeRowGroup(batch, start..<end)
            start = end
        }
    }

    /// Writes the footer, flushes and fsyncs, and closes the file.
    ///
    /// - Returns: what was written.
    /// - Throws: ``WarehouseError`` (`.io`).
    @discardableResult
    public func close() throws -> ParquetFileSummary {
        let metadata = FileMetadata(
            version: 2, schema: ParquetSchemaMapping.elements(for: schema), numRows: rows, rowGroups: rowGroups,
            keyValues: [], createdBy: "TickFlow warehouse (parquet-format 2.9)"
        )
        let footer = metadata.encoded()
        buffer.append(contentsOf: footer)
        buffer.appendLittleEndian(UInt32(footer.count))
        buffer.append(contentsOf: ParquetMagic.bytes)
        offset += footer.count + 8
        try flush()
        if options.syncOnClose { try file.sync() }
        try file.close()
        return ParquetFileSummary(rows: Int(rows), bytes: offset, rowGroups: rowGroups.count)
    }

    private func writeRowGroup(_ batch: RecordBatch, _ range: Range<Int>) throws {
        var chunks: [ColumnChunkMetadata] = []
        var total: Int64 = 0
        for column in batch.columns {
            let chunk = try encoder.encode(column, range: range, fileOffset: offset, into: &buffer)
            offset += Int(chunk.totalCompressedSize)
            total += chunk.totalUncompressedSize
            chunks.append(chunk)
            if buffer.count >= 4 << 20 { try flush() }
        }
        rowGroups.append(RowGroupMetadata(columns: chunks, totalByteSize: total, numRows: Int64(range.count)))
        rows += Int64(range.count)
    }

    private func flush() throws {
        try buffer.bytes.withUnsafeBytes { try file.write($0) }
        buffer.removeAll()
    }
}

/// What a ``ParquetWriter`` wrote.
public struct ParquetFileSummary: Sendable, Hashable {
    /// Rows in the file.
    public var rows: Int
    /// Size of the file in bytes.
    public var bytes: Int
    /// Number of row groups.
    public var rowGroups: Int
}

/// The 4 bytes that start and end every Parquet file.
enum ParquetMagic {
    static let bytes: [UInt8] = Array("PAR1".utf8)
}
