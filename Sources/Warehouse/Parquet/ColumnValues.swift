/// Strings stored once in a dictionary and referenced by index: how string columns travel in memory, so that
/// dictionary pages are written and read without rehashing every value.
public struct DictionaryStrings: Sendable, Hashable {
    /// The distinct values.
    public var dictionary: [String]
    /// One index into ``dictionary`` per row (0 for a null row).
    public var indices: ContiguousArray<Int32>

    /// Creates a dictionary column.
    public init(dictionary: [String], indices: ContiguousArray<Int32>) {
        self.dictionary = dictionary
        self.indices = indices
    }

    /// The value of a row.
    public subscript(row: Int) -> String { dictionary[Int(indices[row])] }
}

/// The values of one column, one per row; a null row holds a placeholder (0, "", false) and is marked in the
/// column's validity.
public enum ColumnValues: Sendable, Hashable {
    /// `int64` and `timestampNanos` columns.
    case int64(ContiguousArray<Int64>)
    /// `double` columns.
    case double(ContiguousArray<Double>)
    /// `bool` columns.
    case bool(ContiguousArray<Bool>)
    /// `string` columns.
    case string(DictionaryStrings)
    /// `decimal` columns: the unscaled values.
    case decimal(ContiguousArray<Int128>)
    /// `uuid` and `fixedBytes` columns: the values back to back, `width` bytes each.
    case fixedBytes(ContiguousArray<UInt8>)
}

/// One column of a ``RecordBatch``: its description, its values and which rows are null.
public struct Column: Sendable, Hashable {
    /// Name and type.
    public var spec: ColumnSpec
    /// The values, one per row.
    public var values: ColumnValues
    /// `false` marks a null row; `nil` means no row is null.
    public var validity: ContiguousArray<Bool>?
    /// The number of rows.
    public var count: Int

    /// Creates a column; `values` and `validity` hold `count` rows.
    public init(spec: ColumnSpec, values: ColumnValues, validity: ContiguousArray<Bool>?, count: Int) {
        self.spec = spec
        self.values = values
        self.validity = validity
        self.count = count
    }

    /// The column name.
    public var name: String { spec.name }

    /// Whether the row holds a value.
    @inline(__always) public func isValid(_ row: Int) -> Bool { validity?[row] ?? true }

    /// The number of null rows.
    public var nullCount: Int { validity.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0 }
}

/// Rows of several columns held column by column: what writers take and scans return.
public struct RecordBatch: Sendable, Hashable {
    /// The columns, all of ``count`` rows.
    public var columns: [Column]
    /// The number of rows.
    public var count: Int

    /// Creates a batch.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when the columns differ in length.
    public init(columns: [Column]) throws {
        let count = columns.first?.count ?? 0
        for column in columns where column.count != count {
            throw WarehouseError(.schemaMismatch, "column \(column.name) has \(column.count) rows, expected \(count)")
        }
        self.columns = columns
        self.count = count
    }

    /// The schema of the columns.
    public var schema: Schema { Schema(columns.map(\.spec)) }

    /// The column with that name.
    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
}
