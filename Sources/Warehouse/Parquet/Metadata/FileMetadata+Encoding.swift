extension FileMetadata {
    /// The Thrift compact encoding of the footer.
    func encoded() -> ContiguousArray<UInt8> {
        var w = ThriftCompactWriter()
        w.structBegin()
        w.field(1, i32: version)
        w.fieldListBegin(2, .structure, count: schema.count)
        for element in schema { element.encode(&w) }
        w.field(3, i64: numRows)
        w.fieldListBegin(4, .structure, count: rowGroups.count)
        for group in rowGroups { group.encode(&w) }
        if !keyValues.isEmpty {
            w.fieldListBegin(5, .structure, count: keyValues.count)
            for (key, value) in keyValues {
                w.structBegin()
                w.field(1, string: key)
                if let value { w.field(2, string: value) }
                w.structEnd()
            }
        }
        if let createdBy { w.field(6, string: createdBy) }
        // column_orders: TYPE_ORDER for every leaf, so readers trust min_value/max_value.
        let leaves = schema.count - 1
        w.fieldListBegin(7, .structure, count: leaves)
        for _ in 0..<leaves {
            w.structBegin()
            w.fieldEmptyStruct(1)
            w.structEnd()
        }
        w.structEnd()
        return w.bytes
    }
}

extension SchemaElement {
    func encode(_ w: inout ThriftCompactWriter) {
        w.structBegin()
        if let type { w.field(1, i32: type.rawValue) }
        if let typeLength { w.field(2, i32: typeLength) }
        if let repetition { w.field(3, i32: repetition) }
        w.field(4, string: name)
        if let numChildren { w.field(5, i32: numChildren) }
        if let convertedType { w.field(6, i32: convertedType) }
        if let scale { w.field(7, i32: scale) }
        if let precision { w.field(8, i32: precision) }
        if let logical {
            w.fieldStructBegin(10)
            switch logical {
            case .string: w.fieldEmptyStruct(1)
            case .decimal(let precision, let scale):
                w.fieldStructBegin(5)
                w.field(1, i32: scale)
                w.field(2, i32: precision)
                w.structEnd()
            case .timestamp(let utc, let unit):
                w.fieldStructBegin(8)
                w.field(1, bool: utc)
                w.fieldStructBegin(2)
                w.fieldEmptyStruct(unit == 1 ? 3 : unit == 1000 ? 2 : 1)
                w.structEnd()
                w.structEnd()
            case .uuid: w.fieldEmptyStruct(14)
            case .date: w.fieldEmptyStruct(6)
            case .other: break
            }
            w.structEnd()
        }
        w.structEnd()
    }
}

extension ColumnChunkStatistics {
    func encode(_ w: inout ThriftCompactWriter) {
        w.structBegin()
        if let nullCount { w.field(3, i64: nullCount) }
        if let max { w.field(5, binary: max) }
        if let min { w.field(6, binary: min) }
        w.structEnd()
    }
}

extension RowGroupMetadata {
    func encode(_ w: inout ThriftCompactWriter) {
        w.structBegin()
        w.fieldListBegin(1, .structure, count: columns.count)
        for column in columns {
            w.structBegin()
            w.field(2, i64: column.startOffset)
            w.fieldStructBegin(3)
            w.field(1, i32: column.type.rawValue)
            w.fieldListBegin(2, .i32, count: column.encodings.count)
            for encoding in column.encodings { w.i32(encoding.rawValue) }
            w.fieldListBegin(3, .binary, count: column.path.count)
            for part in column.path { w.string(part) }
            w.field(4, i32: column.codec.rawValue)
            w.field(5, i64: column.numValues)
            w.field(6, i64: column.totalUncompressedSize)
            w.field(7, i64: column.totalCompressedSize)
            w.field(9, i64: column.dataPageOffset)
            if let offset = column.dictionaryPageOffset { w.field(11, i64: offset) }
            if let statistics = column.statistics {
                w.fieldHeader(12, .structure)
                statistics.encode(&w)
            }
            w.structEnd()
            w.structEnd()
        }
        w.field(2, i64: totalByteSize)
        w.field(3, i64: numRows)
        w.field(6, i64: columns.reduce(0) { $0 + $1.totalCompressedSize })
        w.structEnd()
    }
}
