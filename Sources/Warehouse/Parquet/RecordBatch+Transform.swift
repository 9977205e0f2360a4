extension RecordBatch {
    /// A batch of no rows with these columns.
    public static func empty(_ schema: Schema) throws -> RecordBatch {
        try RecordBatch(columns: schema.columns.map { spec in
            let values: ColumnValues
            switch spec.type {
            case .int64, .timestampNanos: values = .int64([])
            case .double: values = .double([])
            case .bool: values = .bool([])
            case .string: values = .string(DictionaryStrings(dictionary: [], indices: []))
            case .decimal: values = .decimal([])
            case .uuid, .fixedBytes: values = .fixedBytes([])
            }
            return Column(spec: spec, values: values, validity: nil, count: 0)
        })
    }

    /// The rows of several batches of one schema, one after the other; string dictionaries are merged.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when the schemas differ.
    public static func concatenate(_ batches: [RecordBatch]) throws -> RecordBatch {
        guard let first = batches.first else { throw WarehouseError(.invalidArgument, "nothing to concatenate") }
        if batches.count == 1 { return first }
        let schema = first.schema
        for batch in batches where batch.schema != schema {
            throw WarehouseError(.schemaMismatch, "cannot concatenate \(batch.schema.columns.map(\.name)) with \(schema.columns.map(\.name))")
        }
        let total = batches.reduce(0) { $0 + $1.count }
        var columns: [Column] = []
        for (c, spec) in schema.columns.enumerated() {
            let parts = batches.map { $0.columns[c] }
            var validity: ContiguousArray<Bool>?
            if parts.contains(where: { $0.validity != nil }) {
                var bits = ContiguousArray<Bool>()
                bits.reserveCapacity(total)
                for part in parts { if let v = part.validity { bits.append(contentsOf: v) } else { bits.append(contentsOf: repeatElement(true, count: part.count)) } }
                validity = bits
            }
            let values: ColumnValues
            func joined<T>(_ extract: (ColumnValues) -> ContiguousArray<T>?) -> ContiguousArray<T> {
                var out = ContiguousArray<T>()
                out.reserveCapacity(total)
                for part in parts { if let v = extract(part.values) { out.append(contentsOf: v) } }
                return out
            }
            switch first.columns[c].values {
            case .int64: values = .int64(joined { if case .int64(let v) = $0 { v } else { nil } })
            case .double: values = .double(joined { if case .double(let v) = $0 { v } else { nil } })
            case .bool: values = .bool(joined { if case .bool(let v) = $0 { v } else { nil } })
            case .decimal: values = .decimal(joined { if case .decimal(let v) = $0 { v } else { nil } })
            case .fixedBytes: values = .fixedBytes(joined { if case .fixedBytes(let v) = $0 { v } else { nil } })
            case .string:
                var dictionary: [String] = []
                var lookup: [String: Int32] = [:]
                var indices = ContiguousArray<Int32>()
                indices.reserveCapacity(total)
                for part in parts {
                    guard let strings = part.stringValues else { continue }
                    let mapping = strings.dictionary.map { entry -> Int32 in
                        if let index = lookup[entry] { return index }
                        let index = Int32(dictionary.count)
                        lookup[entry] = index
                        dictionary.append(entry)
                        return index
                    }
                    for index in strings.indices { indices.append(mapping.isEmpty ? 0 : mapping[Int(index)]) }
                }
                values = .string(DictionaryStrings(dictionary: dictionary, indices: indices))
            }
            columns.append(Column(spec: spec, values: values, validity: validity, count: total))
        }
        return try RecordBatch(columns: columns)
    }

    /// The given rows, in the given order (filtering and sorting).
    public func gather(_ rows: [Int]) -> RecordBatch {
        let columns = self.columns.map { column -> Column in
            let values: ColumnValues
            switch column.values {
            case .int64(let v): values = .int64(ContiguousArray(rows.lazy.map { v[$0] }))
            case .double(let v): values = .double(ContiguousArray(rows.lazy.map { v[$0] }))
            case .bool(let v): values = .bool(ContiguousArray(rows.lazy.map { v[$0] }))
            case .decimal(let v): values = .decimal(ContiguousArray(rows.lazy.map { v[$0] }))
            case .string(let s):
                values = .string(DictionaryStrings(dictionary: s.dictionary, indices: ContiguousArray(rows.lazy.map { s.indices[$0] })))
            case .fixedBytes(let b):
                let width = column.spec.type.valueWidth
                var out = ContiguousArray<UInt8>()
                out.reserveCapacity(rows.count * width)
                for row in rows { out.append(contentsOf: b[(row * width)..<((row + 1) * width)]) }
                values = .fixedBytes(out)
            }
            let validity = column.validity.map { v in ContiguousArray(rows.lazy.map { v[$0] }) }
            return Column(spec: column.spec, values: values, validity: validity, count: rows.count)
        }
        // Columns all have rows.count rows: cannot fail.
        return (try? RecordBatch(columns: columns)) ?? self
    }

    /// The rows in `range`.
    public func slice(_ range: Range<Int>) -> RecordBatch { gather(Array(range)) }

    /// The named columns, in that order.
    ///
    /// - Throws: ``WarehouseError`` (`.invalidArgument`) for an unknown column.
    public func select(_ names: [String]) throws -> RecordBatch {
        try RecordBatch(columns: names.map { name in
            guard let column = column(name) else {
                throw WarehouseError(.invalidArgument, "no column \(name); columns are \(schema.columns.map(\.name))")
            }
            return column
        })
    }
}
