/// The value types a warehouse column holds, each mapped to a Parquet physical type and logical annotation.
/// Every column is nullable (Parquet `OPTIONAL`).
public enum ColumnType: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A signed 64-bit integer (`INT64`).
    case int64
    /// Nanoseconds since the Unix epoch (`INT64`, `TIMESTAMP(NANOS, isAdjustedToUTC=true)`).
    case timestampNanos
    /// A 64-bit float (`DOUBLE`): prices and analytics.
    case double
    /// A boolean (`BOOLEAN`).
    case bool
    /// UTF-8 text (`BYTE_ARRAY`, `STRING`), dictionary-encoded unless it has too many distinct values.
    case string
    /// An exact decimal (`FIXED_LEN_BYTE_ARRAY`, `DECIMAL(precision, scale)`): money. Precision 1...38.
    case decimal(precision: Int, scale: Int)
    /// A UUID (`FIXED_LEN_BYTE_ARRAY(16)`, `UUID`).
    case uuid
    /// Opaque fixed-length bytes (`FIXED_LEN_BYTE_ARRAY(width)`).
    case fixedBytes(width: Int)

    /// Bytes of one value of a fixed-length type; dictionary strings count their index.
    var valueWidth: Int {
        switch self {
        case .int64, .timestampNanos, .double: 8
        case .bool: 1
        case .string: 4
        case .decimal(let precision, _): Self.decimalByteWidth(precision: precision)
        case .uuid: 16
        case .fixedBytes(let width): width
        }
    }

    /// The fewest bytes whose two's complement holds every unscaled value of `precision` digits.
    static func decimalByteWidth(precision: Int) -> Int {
        var width = 1
        // 2^(8w-1) - 1 >= 10^precision - 1
        while Double(8 * width - 1) * 0.301029995663981 < Double(precision) { width += 1 }
        return width
    }

    public var description: String {
        switch self {
        case .int64: "int64"
        case .timestampNanos: "timestamp[ns, UTC]"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .decimal(let precision, let scale): "decimal(\(precision),\(scale))"
        case .uuid: "uuid"
        case .fixedBytes(let width): "fixed[\(width)]"
        }
    }
}

/// A named column of a schema.
public struct ColumnSpec: Sendable, Hashable, Codable {
    /// The column name (a flat Parquet leaf).
    public var name: String
    /// The value type.
    public var type: ColumnType

    /// Creates a column description.
    public init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }
}

/// The columns of a Parquet file or table, in order.
public struct Schema: Sendable, Hashable, Codable {
    /// The columns.
    public var columns: [ColumnSpec]

    /// Creates a schema.
    public init(_ columns: [ColumnSpec]) { self.columns = columns }

    /// The position of the column with that name.
    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }
}
