/// `SchemaElement`: one node of the flattened schema tree.
struct SchemaElement {
    var name: String
    var type: PhysicalType?
    var typeLength: Int32?
    var repetition: Int32?  // 0 required, 1 optional, 2 repeated
    var numChildren: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var logical: LogicalAnnotation?
}

/// `Statistics` of a column chunk or page: plain-encoded bounds and the null count.
struct ColumnChunkStatistics {
    var min: [UInt8]?
    var max: [UInt8]?
    var nullCount: Int64?
    /// The deprecated `min`/`max` fields, kept when a writer set only those.
    var legacyMin: [UInt8]?
    var legacyMax: [UInt8]?
}

/// `ColumnMetaData` of one column chunk.
struct ColumnChunkMetadata {
    var type: PhysicalType
    var encodings: [Encoding]
    var path: [String]
    var codec: CompressionCodec
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ColumnChunkStatistics?

    /// Where the chunk's first page starts.
    var startOffset: Int64 {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset {
            return dictionaryPageOffset
        }
        return dataPageOffset
    }
}

/// `RowGroup`: its column chunks (in schema order) and row count.
struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata]
    var totalByteSize: Int64
    var numRows: Int64
}

/// `FileMetaData`: the footer of a Parquet file.
struct FileMetadata {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroupMetadata]
    var keyValues: [(String, String?)]
    var createdBy: String?
}
