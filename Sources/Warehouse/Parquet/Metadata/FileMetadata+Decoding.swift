extension FileMetadata {
    /// Decodes a footer.
    ///
    /// - Throws: ``ThriftDecodingError`` for malformed metadata or a missing required field.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> FileMetadata {
        var r = ThriftCompactReader(bytes)
        var version: Int32 = 1
        var schema: [SchemaElement] = []
        var numRows: Int64?
        var rowGroups: [RowGroupMetadata] = []
        var keyValues: [(String, String?)] = []
        var createdBy: String?
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): version = try r.i32()
            case (2, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count { schema.append(try SchemaElement.decode(&r)) }
            case (3, .i64): numRows = try r.i64()
            case (4, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count { rowGroups.append(try RowGroupMetadata.decode(&r)) }
            case (5, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count {
                    var key = ""
                    var value: String?
                    try r.structBegin()
                    while let kv = try r.nextField() {
                        switch (kv.id, kv.type) {
                        case (1, .binary): key = try r.string()
                        case (2, .binary): value = try r.string()
                        default: try r.skip(kv.type)
                        }
                    }
                    keyValues.append((key, value))
                }
            case (6, .binary): createdBy = try r.string()
            default: try r.skip(field.type)
            }
        }
        guard let numRows, !schema.isEmpty else { throw ThriftDecodingError("footer lacks its schema or row count") }
        return FileMetadata(
            version: version, schema: schema, numRows: numRows, rowGroups: rowGroups, keyValues: keyValues,
            createdBy: createdBy
        )
    }
}

extension SchemaElement {
    static func decode(_ r: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement(name: "")
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): element.type = PhysicalType(rawValue: try r.i32())
            case (2, .i32): element.typeLength = try r.i32()
            case (3, .i32): element.repetition = try r.i32()
            case (4, .binary): element.name = try r.string()
            case (5, .i32): element.numChildren = try r.i32()
            case (6, .i32): element.convertedType = try r.i32()
            case (7, .i32): element.scale = try r.i32()
            case (8, .i32): element.precision = try r.i32()
            case (10, .structure): element.logical = try decodeLogical(&r)
            default: try r.skip(field.type)
            }
        }
        return element
    }

    private static func decodeLogical(_ r: inout ThriftCompactReader) throws -> LogicalAnnotation {
        var result = LogicalAnnotation.other
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .structure): result = .string; try r.skip(.structure)
            case (5, .structure):
                var scale: Int32 = 0
                var precision: Int32 = 0
                try r.structBegin()
                while let f = try r.nextField() {
                    switch (f.id, f.type) {
                    case (1, .i32): scale = try r.i32()
                    case (2, .i32): precision = try r.i32()
                    default: try r.skip(f.type)
                    }
                }
                result = .decimal(precision: precision, scale: scale)
            case (6, .structure): result = .date; try r.skip(.structure)
            case (8, .structure):
                var utc = false
                var unit: Int64 = 1
                try r.structBegin()
                while let f = try r.nextField() {
                    switch (f.id, f.type) {
                    case (1, .boolTrue), (1, .boolFalse): utc = try r.bool()
                    case (2, .structure):
                        try r.structBegin()
                        while let u = try r.nextField() {
                            unit = u.id == 1 ? 1_000_000 : u.id == 2 ? 1000 : 1
                            try r.skip(u.type)
                        }
                    default: try r.skip(f.type)
                    }
                }
                result = .timestamp(utc: utc, unitNanosPerTick: unit)
            case (14, .structure): result = .uuid; try r.skip(.structure)
            default: try r.skip(field.type)
            }
        }
        return result
    }
}

extension ColumnChunkStatistics {
    static func decode(_ r: inout ThriftCompactReader) throws -> ColumnChunkStatistics {
        var legacyMin: [UInt8]?
        var legacyMax: [UInt8]?
        var stats = ColumnChunkStatistics()
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .binary): legacyMax = try r.binary()
            case (2, .binary): legacyMin = try r.binary()
            case (3, .i64): stats.nullCount = try r.i64()
            case (5, .binary): stats.max = try r.binary()
            case (6, .binary): stats.min = try r.binary()
            default: try r.skip(field.type)
            }
        }
        // The legacy fields are only trustworthy for signed numeric types; the caller decides (see pruning).
        if stats.min == nil && stats.max == nil {
            stats.legacyMin = legacyMin
            stats.legacyMax = legacyMax
        }
        return stats
    }
}

extension RowGroupMetadata {
    static func decode(_ r: inout ThriftCompactReader) throws -> RowGroupMetadata {
        var columns: [ColumnChunkMetadata] = []
        var totalByteSize: Int64 = 0
        var numRows: Int64?
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count { columns.append(try decodeChunk(&r)) }
            case (2, .i64): totalByteSize = try r.i64()
            case (3, .i64): numRows = try r.i64()
            default: try r.skip(field.type)
            }
        }
        guard let numRows else { throw ThriftDecodingError("row group lacks num_rows") }
        return RowGroupMetadata(columns: columns, totalByteSize: totalByteSize, numRows: numRows)
    }

    private static func decodeChunk(_ r: inout ThriftCompactReader) throws -> ColumnChunkMetadata {
        var meta: ColumnChunkMetadata?
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .binary): throw ThriftDecodingError("column chunks in external files are not supported")
            case (3, .structure): meta = try decodeColumnMetadata(&r)
            default: try r.skip(field.type)
            }
        }
        guard let meta else { throw ThriftDecodingError("column chunk lacks its metadata") }
        return meta
    }

    private static func decodeColumnMetadata(_ r: inout ThriftCompactReader) throws -> ColumnChunkMetadata {
        var type: PhysicalType?
        var encodings: [Encoding] = []
        var path: [String] = []
        var codec: CompressionCodec?
        var numValues: Int64 = 0
        var uncompressed: Int64 = 0
        var compressed: Int64?
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: ColumnChunkStatistics?
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): type = PhysicalType(rawValue: try r.i32())
            case (2, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count { if let e = Encoding(rawValue: try r.i32()) { encodings.append(e) } }
            case (3, .list):
                let list = try r.listBegin()
                for _ in 0..<list.count { path.append(try r.string()) }
            case (4, .i32):
                let raw = try r.i32()
                guard let known = CompressionCodec(rawValue: raw) else { throw ThriftDecodingError("unknown codec \(raw)") }
                codec = known
            case (5, .i64): numValues = try r.i64()
            case (6, .i64): uncompressed = try r.i64()
            case (7, .i64): compressed = try r.i64()
            case (9, .i64): dataPageOffset = try r.i64()
            case (11, .i64): dictionaryPageOffset = try r.i64()
            case (12, .structure): statistics = try ColumnChunkStatistics.decode(&r)
            default: try r.skip(field.type)
            }
        }
        guard let type, let codec, let compressed, let dataPageOffset else {
            throw ThriftDecodingError("column metadata lacks type, codec, size or data page offset")
        }
        return ColumnChunkMetadata(
            type: type, encodings: encodings, path: path, codec: codec, numValues: numValues,
            totalUncompressedSize: uncompressed, totalCompressedSize: compressed, dataPageOffset: dataPageOffset,
            dictionaryPageOffset: dictionaryPageOffset, statistics: statistics
        )
    }
}
