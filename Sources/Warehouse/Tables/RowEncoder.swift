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
        // Rows are read in place: a `for row in rows` loop copied every row, retaining each of its strings, once per
        // column.
        try rows.withUnsafeBufferPointer { rows in
            try RecordBatch(columns: fields.map { field in
                switch field {
                case .int64(_, let get), .timestamp(_, let get):
                    var b = Int64ColumnBuilder(capacity: rows.count)
                    for index in rows.indices { b.append(get(rows[index])) }
                    return b.build(field.spec)
                case .double(_, let get):
                    var b = DoubleColumnBuilder(capacity: rows.count)
                    for index in rows.indices { b.append(get(rows[index])) }
                    return b.build(field.spec)
                case .bool(_, let get):
                    var b = BoolColumnBuilder(capacity: rows.count)
                    for index in rows.indices { b.append(get(rows[index])) }
                    return b.build(field.spec)
                case .string(_, let get):
                    var b = StringColumnBuilder(capacity: rows.count)
                    for index in rows.indices { b.append(get(rows[index])) }
                    return b.build(field.spec)
                case .decimal(_, _, let scale, let get):
                    var b = DecimalColumnBuilder(scale: scale, capacity: rows.count)
                    for index in rows.indices { try b.append(get(rows[index])) }
                    return b.build(field.spec)
                case .uuid(_, let get):
                    var b = FixedBytesColumnBuilder(width: 16, capacity: rows.count)
                    for index in rows.indices { try b.append(uuid: get(rows[index])) }
                    return b.build(field.spec)
                }
            })
        }
    }
}
