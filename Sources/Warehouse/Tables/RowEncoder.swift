import Foundation

/// How one column of a table is read off a row value.
public enum RowField<Row>: Sendable {
    case int64(String, @Sendable (Row) -> Int64?)
    case timestamp(String, @Sendable (Row) -> Int64?)
    case double(String, @Sendable (Row) -> Double?)
    case bool(String, @Sendable (Row) -> Bool?)
    case string(String, @Sendable (Row) -> String?)
    case decimal(String, precision: Int, scale: Int, @Sendable (Row) -> Decimal?)
    /// A UUID given as text; other text is rejected.
    case uuid(String, @Sendable (Row) -> String?)

    /// The column this field fills.
    public var spec: ColumnSpec {
        switch self {
        case .int64(let name, _): ColumnSpec(name, .int64)
        case .timestamp(let name, _): ColumnSpec(name, .timestampNanos)
        case .double(let name, _): ColumnSpec(name, .double)
        case .bool(let name, _): ColumnSpec(name, .bool)
        case .string(let name, _): ColumnSpec(name, .string)
        case .decimal(let name, let precision, let scale, _): ColumnSpec(name, .decimal(precision: precision, scale: scale))
        case .uuid(let name, _): ColumnSpec(name, .uuid)
        }
    }
}

/// Turns row values into a ``RecordBatch``, column by column.
public struct RowEncoder<Row>: Sendable {
    /// The fields, in column order.
    public let fields: [RowField<Row>]

    /// Creates an encoder.
    public init(_ fields: [RowField<Row>]) { self.fields = fields }

    /// The schema the encoder produces.
    public var schema: Schema { Schema(fields.map(\.spec)) }

    /// Encodes rows.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) for a decimal with too many fraction digits.
    public func encode(_ rows: [Row]) throws -> RecordBatch {
        var columns = Columns(fields, capacity: rows.count)
        // Row by row: each row is read once for all its columns. Column by column, every column read copied the
        // row again, retaining each of its strings, which cost more than the encoding.
        for row in rows { try columns.append(row) }
        return try columns.batch()
    }

    /// The columns being built, in one array per builder type so that each builder appends in place.
    private struct Columns {
        let fields: [RowField<Row>]
        /// Each field's builder: its index in the array of its type.
        private var slots: [Int] = []
        private var int64s: [Int64ColumnBuilder] = []
        private var doubles: [DoubleColumnBuilder] = []
        private var bools: [BoolColumnBuilder] = []
        private var strings: [StringColumnBuilder] = []
        private var decimals: [DecimalColumnBuilder] = []
        private var uuids: [FixedBytesColumnBuilder] = []

        init(_ fields: [RowField<Row>], capacity: Int) {
            self.fields = fields
            for field in fields {
                switch field {
                case .int64, .timestamp:
                    slots.append(int64s.count)
                    int64s.append(Int64ColumnBuilder(capacity: capacity))
                case .double:
                    slots.append(doubles.count)
                    doubles.append(DoubleColumnBuilder(capacity: capacity))
                case .bool:
                    slots.append(bools.count)
                    bools.append(BoolColumnBuilder(capacity: capacity))
                case .string:
                    slots.append(strings.count)
                    strings.append(StringColumnBuilder(capacity: capacity))
                case .decimal(_, _, let scale, _):
                    slots.append(decimals.count)
                    decimals.append(DecimalColumnBuilder(scale: scale, capacity: capacity))
                case .uuid:
                    slots.append(uuids.count)
                    uuids.append(FixedBytesColumnBuilder(width: 16, capacity: capacity))
                }
            }
        }

        mutating func append(_ row: Row) throws {
            for index in fields.indices {
                let slot = slots[index]
                switch fields[index] {
                case .int64(_, let get), .timestamp(_, let get): int64s[slot].append(get(row))
                case .double(_, let get): doubles[slot].append(get(row))
                case .bool(_, let get): bools[slot].append(get(row))
                case .string(_, let get): strings[slot].append(get(row))
                case .decimal(_, _, _, let get): try decimals[slot].append(get(row))
                case .uuid(_, let get): try uuids[slot].append(uuid: get(row))
                }
            }
        }

        func batch() throws -> RecordBatch {
            try RecordBatch(columns: fields.indices.map { index in
                let (field, slot) = (fields[index], slots[index])
                switch field {
                case .int64, .timestamp: return int64s[slot].build(field.spec)
                case .double: return doubles[slot].build(field.spec)
                case .bool: return bools[slot].build(field.spec)
                case .string: return strings[slot].build(field.spec)
                case .decimal: return decimals[slot].build(field.spec)
                case .uuid: return uuids[slot].build(field.spec)
                }
            })
        }
    }
}
