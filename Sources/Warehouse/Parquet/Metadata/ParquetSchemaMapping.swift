/// Maps between TickFlow's flat ``Schema`` and Parquet's schema elements.
enum ParquetSchemaMapping {
    /// The elements of a flat schema: the root, then one `OPTIONAL` leaf per column.
    static func elements(for schema: Schema) -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(schema.columns.count))]
        for column in schema.columns {
            var e = SchemaElement(name: column.name, repetition: 1)
            switch column.type {
            case .int64: e.type = .int64
            case .timestampNanos:
                e.type = .int64
                e.logical = .timestamp(utc: true, unitNanosPerTick: 1)
            case .double: e.type = .double
            case .bool: e.type = .boolean
            case .string:
                e.type = .byteArray
                e.convertedType = ConvertedType.utf8.rawValue
                e.logical = .string
            case .decimal(let precision, let scale):
                e.type = .fixedLenByteArray
                e.typeLength = Int32(column.type.valueWidth)
                e.convertedType = ConvertedType.decimal.rawValue
                e.precision = Int32(precision)
                e.scale = Int32(scale)
                e.logical = .decimal(precision: Int32(precision), scale: Int32(scale))
            case .uuid:
                e.type = .fixedLenByteArray
                e.typeLength = 16
                e.logical = .uuid
            case .fixedBytes(let width):
                e.type = .fixedLenByteArray
                e.typeLength = Int32(width)
            }
            elements.append(e)
        }
        return elements
    }

    /// How a leaf is read: its column type and, for non-native representations, how to convert.
    struct Leaf {
        var spec: ColumnSpec
        var physical: PhysicalType
        var optional: Bool
        var typeLength: Int
        /// Timestamps in another unit are multiplied into nanoseconds.
        var nanosPerTick: Int64 = 1
    }

    /// The leaves of a file's schema.
    ///
    /// - Throws: ``WarehouseError`` (`.unsupported`) for nested or repeated columns and unreadable types.
    static func leaves(of elements: [SchemaElement], path: String) throws -> [Leaf] {
        guard let root = elements.first else { throw WarehouseError(.corruptFile, "empty schema", path: path) }
        guard Int(root.numChildren ?? 0) == elements.count - 1 else {
            throw WarehouseError(.unsupported, "nested columns are not supported", path: path)
        }
        return try elements.dropFirst().map { e in
            guard let physical = e.type, e.numChildren == nil || e.numChildren == 0 else {
                throw WarehouseError(.unsupported, "column \(e.name) is a group (nested columns are not supported)", path: path)
            }
            guard e.repetition != 2 else {
                throw WarehouseError(.unsupported, "column \(e.name) is repeated (lists are not supported)", path: path)
            }
            var leaf = Leaf(
                spec: ColumnSpec(e.name, .int64), physical: physical, optional: e.repetition != 0,
                typeLength: Int(e.typeLength ?? 0)
            )
            let decimal: (Int32, Int32)? = {
                if case .decimal(let p, let s) = e.logical { return (p, s) }
                if e.convertedType == ConvertedType.decimal.rawValue { return (e.precision ?? 38, e.scale ?? 0) }
                return nil
            }()
            switch physical {
            case .int64, .int32:
                if let (p, s) = decimal {
                    leaf.spec.type = .decimal(precision: Int(p), scale: Int(s))
                } else if case .timestamp(_, let unit) = e.logical {
                    leaf.spec.type = .timestampNanos
                    leaf.nanosPerTick = unit
                } else if e.convertedType == ConvertedType.timestampMillis.rawValue {
                    leaf.spec.type = .timestampNanos
                    leaf.nanosPerTick = 1_000_000
                } else if e.convertedType == ConvertedType.timestampMicros.rawValue {
                    leaf.spec.type = .timestampNanos
                    leaf.nanosPerTick = 1000
                }
            case .double, .float: leaf.spec.type = .double
            case .boolean: leaf.spec.type = .bool
            case .byteArray:
                if let (p, s) = decimal {
                    leaf.spec.type = .decimal(precision: Int(p), scale: Int(s))
                } else {
                    leaf.spec.type = .string
                }
            case .fixedLenByteArray:
                guard leaf.typeLength > 0 else {
                    throw WarehouseError(.corruptFile, "column \(e.name) has no type_length", path: path)
                }
                if let (p, s) = decimal {
                    guard leaf.typeLength <= 16 else {
                        throw WarehouseError(.unsupported, "column \(e.name): decimals wider than 16 bytes", path: path)
                    }
                    leaf.spec.type = .decimal(precision: Int(p), scale: Int(s))
                } else if e.logical == .uuid && leaf.typeLength == 16 {
                    leaf.spec.type = .uuid
                } else {
                    leaf.spec.type = .fixedBytes(width: leaf.typeLength)
                }
            case .int96:
                throw WarehouseError(.unsupported, "column \(e.name) is INT96 (legacy timestamps are not supported)", path: path)
            }
            return leaf
        }
    }
}
