/// Reads a Parquet file written by TickFlow or by another writer (pyarrow, DuckDB, Polars): flat schemas,
/// PLAIN and dictionary encodings, v1 and v2 data pages, zstd or uncompressed.
///
/// Opening reads and validates only the footer; ``readRowGroup(_:columns:)`` reads just the byte ranges of the
/// columns asked for. Truncated, corrupt or foreign files throw ``WarehouseError`` naming the file.
public final class ParquetReader {
    /// The file's path.
    public let path: String
    /// The file's columns.
    public let schema: Schema
    /// Rows in the file.
    public let rowCount: Int
    private let file: PosixFile
    private let metadata: FileMetadata
    private let leaves: [ParquetSchemaMapping.Leaf]
    private let zstd = ZstdContext()

    /// Opens a file and reads its footer.
    ///
    /// - Throws: ``WarehouseError``: `.io` when it cannot be opened, `.notParquet` for wrong magic bytes or a
    ///   file too short, `.corruptFile` for a malformed footer, `.unsupported` for nested schemas.
    public init(path: String) throws {
        self.path = path
        file = try PosixFile.openForReading(path)
        let size = try file.size()
        guard size >= 12 else {
            throw WarehouseError(.notParquet, "\(size) bytes is too short for a Parquet file (truncated?)", path: path)
        }
        let head = try file.read(at: 0, count: 4)
        let tail = try file.read(at: size - 8, count: 8)
        guard head == ParquetMagic.bytes else {
            throw WarehouseError(.notParquet, "does not start with the Parquet magic PAR1", path: path)
        }
        guard Array(tail[4...]) == ParquetMagic.bytes else {
            throw WarehouseError(.notParquet, "does not end with the Parquet magic PAR1 (truncated or still being written?)", path: path)
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength > 0, footerLength <= size - 12 else {
            throw WarehouseError(.corruptFile, "footer length \(footerLength) does not fit in a \(size)-byte file", path: path)
        }
        let footer = try file.read(at: size - 8 - footerLength, count: footerLength)
        do {
            metadata = try footer.withUnsafeBytes { try FileMetadata.decode($0) }
        } catch {
            throw WarehouseError(.corruptFile, "malformed footer: \(error)", path: path)
        }
        leaves = try ParquetSchemaMapping.leaves(of: metadata.schema, path: path)
        schema = Schema(leaves.map(\.spec))
        rowCount = Int(metadata.numRows)
        for (g, group) in metadata.rowGroups.enumerated() {
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) else {
                throw WarehouseError(.corruptFile, "row group \(g) claims \(group.numRows) rows", path: path)
            }
            guard group.columns.count == leaves.count else {
                throw WarehouseError(.corruptFile, "row group \(g) has \(group.columns.count) columns, the schema \(leaves.count)", path: path)
            }
            for chunk in group.columns {
                let start = chunk.startOffset
                guard start >= 4, chunk.totalCompressedSize >= 0, start + chunk.totalCompressedSize <= Int64(size - 8 - footerLength) else {
                    throw WarehouseError(.corruptFile, "row group \(g) column \(chunk.path.joined(separator: ".")) lies outside the data", path: path)
                }
            }
        }
    }

    /// Number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Rows in a row group.
    public func rowCount(ofRowGroup index: Int) -> Int { Int(metadata.rowGroups[index].numRows) }

    /// A row group column's statistics, decoded; `nil` when the writer stored none.
    public func statistics(rowGroup: Int, column: Int) -> ColumnStatistics? {
        guard let raw = metadata.rowGroups[rowGroup].columns[column].statistics else { return nil }
        return ColumnStatistics(raw, leaf: leaves[column])
    }

    /// Reads some columns of a row group.
    ///
    /// - Parameters:
    ///   - index: the row group.
    ///   - columns: the column positions to read, in the order wanted; `nil` reads all.
    /// - Throws: ``WarehouseError`` (`.corruptFile`, `.compression`, `.unsupported`, `.io`) naming the file.
    public func readRowGroup(_ index: Int, columns: [Int]? = nil) throws -> RecordBatch {
        let group = metadata.rowGroups[index]
        let rows = Int(group.numRows)
        var result: [Column] = []
        for c in columns ?? Array(leaves.indices) {
            let meta = group.columns[c]
            let bytes = try file.read(at: Int(meta.startOffset), count: Int(meta.totalCompressedSize))
            let decoder = ColumnChunkDecoder(leaf: leaves[c], meta: meta, zstd: zstd)
            do {
                result.append(try bytes.withUnsafeBytes { try decoder.decode($0, rows: rows) })
            } catch var error as WarehouseError {
                error.path = path
                error.message = "row group \(index) column \(leaves[c].spec.name): \(error.message)"
                throw error
            } catch {
                throw WarehouseError(.corruptFile, "row group \(index) column \(leaves[c].spec.name): \(error)", path: path)
            }
        }
        return try RecordBatch(columns: result)
    }

    /// Reads every row group and concatenates them.
    public func readAll(columns: [Int]? = nil) throws -> RecordBatch {
        var batches: [RecordBatch] = []
        for g in 0..<rowGroupCount { batches.append(try readRowGroup(g, columns: columns)) }
        if batches.isEmpty {
            let specs = (columns ?? Array(leaves.indices)).map { leaves[$0].spec }
            return try RecordBatch.empty(Schema(specs))
        }
        return try RecordBatch.concatenate(batches)
    }
}
