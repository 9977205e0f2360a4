import Foundation

/// Tracks which appended rows are null; allocates nothing until the first null.
struct ValidityBuilder {
    private(set) var validity: ContiguousArray<Bool>?
    private(set) var count = 0

    @inline(__always) mutating func append(_ valid: Bool) {
        if !valid && validity == nil {
            var bits = ContiguousArray<Bool>(repeating: true, count: count)
            bits.reserveCapacity(Swift.max(16, count * 2))
            validity = bits
        }
        validity?.append(valid)
        count += 1
    }
}

/// Builds a column of fixed-width values row by row: ``Int64ColumnBuilder``, ``DoubleColumnBuilder``,
/// ``BoolColumnBuilder``.
public struct ValueColumnBuilder<Value> {
    private var values = ContiguousArray<Value>()
    private var validity = ValidityBuilder()
    private let placeholder: Value
    private let wrap: (ContiguousArray<Value>) -> ColumnValues

    init(capacity: Int, placeholder: Value, wrap: @escaping (ContiguousArray<Value>) -> ColumnValues) {
        values.reserveCapacity(capacity)
        self.placeholder = placeholder
        self.wrap = wrap
    }

    /// Appends a value, or a null.
    @inline(__always) public mutating func append(_ value: Value?) {
        values.append(value ?? placeholder)
        validity.append(value != nil)
    }

    /// The finished column.
    public func build(_ spec: ColumnSpec) -> Column {
        Column(spec: spec, values: wrap(values), validity: validity.validity, count: values.count)
    }
}

/// Builds an `int64` or `timestampNanos` column row by row.
public typealias Int64ColumnBuilder = ValueColumnBuilder<Int64>
/// Builds a `double` column row by row.
public typealias DoubleColumnBuilder = ValueColumnBuilder<Double>
/// Builds a `bool` column row by row.
public typealias BoolColumnBuilder = ValueColumnBuilder<Bool>

extension ValueColumnBuilder where Value == Int64 {
    /// Creates a builder with room for `capacity` rows.
    public init(capacity: Int = 0) { self.init(capacity: capacity, placeholder: 0, wrap: ColumnValues.int64) }
}

extension ValueColumnBuilder where Value == Double {
    /// Creates a builder with room for `capacity` rows.
    public init(capacity: Int = 0) { self.init(capacity: capacity, placeholder: 0, wrap: ColumnValues.double) }
}

extension ValueColumnBuilder where Value == Bool {
    /// Creates a builder with room for `capacity` rows.
    public init(capacity: Int = 0) { self.init(capacity: capacity, placeholder: false, wrap: ColumnValues.bool) }
}

/// Builds a `string` column row by row, dictionary-encoding as it goes.
public struct StringColumnBuilder {
    private var lookup: [String: Int32] = [:]
    private var dictionary: [String] = []
    private var indices = ContiguousArray<Int32>()
    private var validity = ValidityBuilder()

    /// Creates a builder with room for `capacity` rows.
    public init(capacity: Int = 0) { indices.reserveCapacity(capacity) }

    /// Appends a value, or a null.
    public mutating func append(_ value: String?) {
        guard let value else {
            indices.append(0)
            validity.append(false)
            return
        }
        if let index = lookup[value] {
            indices.append(index)
        } else {
            let index = Int32(dictionary.count)
            lookup[value] = index
            dictionary.append(value)
            indices.append(index)
        }
        validity.append(true)
    }

    /// The finished column.
    public func build(_ spec: ColumnSpec) -> Column {
        Column(
            spec: spec, values: .string(DictionaryStrings(dictionary: dictionary, indices: indices)),
            validity: validity.validity, count: indices.count
        )
    }
}

/// Builds a `decimal` column row by row from exact `Decimal`s.
public struct DecimalColumnBuilder {
    private var values = ContiguousArray<Int128>()
    private var validity = ValidityBuilder()
    private let scale: Int

    /// Creates a builder for values with `scale` fraction digits.
    public init(scale: Int, capacity: Int = 0) {
        self.scale = scale
        values.reserveCapacity(capacity)
    }

    /// Appends a value, or a null.
    ///
    /// - Throws: ``WarehouseError`` when the value has more fraction digits than the scale.
    public mutating func append(_ value: Decimal?) throws {
        values.append(try value.map { try DecimalConversion.unscaled($0, scale: scale) } ?? 0)
        validity.append(value != nil)
    }

    /// The finished column.
    public func build(_ spec: ColumnSpec) -> Column {
        Column(spec: spec, values: .decimal(values), validity: validity.validity, count: values.count)
    }
}

/// Builds a `uuid` or `fixedBytes` column row by row.
public struct FixedBytesColumnBuilder {
    private var bytes = ContiguousArray<UInt8>()
    private var validity = ValidityBuilder()
    private let width: Int

    /// Creates a builder for values of `width` bytes.
    public init(width: Int, capacity: Int = 0) {
        self.width = width
        bytes.reserveCapacity(capacity * width)
    }

    /// Appends a value (exactly `width` bytes), or a null.
    public mutating func append(_ value: [UInt8]?) throws {
        if let value {
            guard value.count == width else {
                throw WarehouseError(.schemaMismatch, "a \(width)-byte column got \(value.count) bytes")
            }
            bytes.append(contentsOf: value)
        } else {
            bytes.append(contentsOf: repeatElement(0, count: width))
        }
        validity.append(value != nil)
    }

    /// Appends a UUID given as text, or a null.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when the text is not a UUID.
    public mutating func append(uuid text: String?) throws {
        guard let text else {
            try append(nil as [UInt8]?)
            return
        }
        guard let uuid = UUID(uuidString: text) else {
            throw WarehouseError(.schemaMismatch, "\"\(text)\" is not a UUID")
        }
        try append(withUnsafeBytes(of: uuid.uuid) { Array($0) })
    }

    /// The finished column.
    public func build(_ spec: ColumnSpec) -> Column {
        Column(spec: spec, values: .fixedBytes(bytes), validity: validity.validity, count: validity.count)
    }
}
