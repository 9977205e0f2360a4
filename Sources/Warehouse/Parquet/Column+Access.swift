import Foundation

/// One value read from a column, for printing and tests (scans use the typed arrays directly).
public enum ScalarValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case int64(Int64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case decimal(Decimal)
    case bytes([UInt8])

    public var description: String {
        switch self {
        case .null: "null"
        case .int64(let v): String(v)
        case .double(let v): String(v)
        case .bool(let v): String(v)
        case .string(let v): v
        case .decimal(let v): v.description
        case .bytes(let v): v.map { String(format: "%02x", $0) }.joined()
        }
    }
}

extension Column {
    /// The value of a row as a ``ScalarValue``.
    public func value(at row: Int) -> ScalarValue {
        guard isValid(row) else { return .null }
        switch values {
        case .int64(let v): return .int64(v[row])
        case .double(let v): return .double(v[row])
        case .bool(let v): return .bool(v[row])
        case .string(let v): return .string(v[row])
        case .decimal(let v):
            guard case .decimal(_, let scale) = spec.type else { return .null }
            return .decimal(DecimalConversion.decimal(unscaled: v[row], scale: scale))
        case .fixedBytes(let v):
            let width = spec.type.valueWidth
            return .bytes(Array(v[(row * width)..<((row + 1) * width)]))
        }
    }

    /// The `int64`/`timestamp` values (placeholders at null rows), or `nil` for another type.
    public var int64Values: ContiguousArray<Int64>? { if case .int64(let v) = values { v } else { nil } }
    /// The `double` values, or `nil` for another type.
    public var doubleValues: ContiguousArray<Double>? { if case .double(let v) = values { v } else { nil } }
    /// The `string` values, or `nil` for another type.
    public var stringValues: DictionaryStrings? { if case .string(let v) = values { v } else { nil } }
}

/// Exact conversion between `Decimal` and Parquet's unscaled integers.
public enum DecimalConversion {
    /// The unscaled integer of `value` at `scale` digits, e.g. 12.34 at scale 4 → 123400.
    ///
    /// - Throws: ``WarehouseError`` (`.schemaMismatch`) when the value has more fraction digits than `scale`
    ///   (it would be rounded) or does not fit in 38 digits.
    public static func unscaled(_ value: Decimal, scale: Int) throws -> Int128 {
        var scaled = value
        var power = Decimal(1)
        for _ in 0..<scale { power *= 10 }
        scaled *= power
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, let result = Int128(rounded.description) else {
            throw WarehouseError(.schemaMismatch, "\(value) does not fit decimal with scale \(scale)")
        }
        return result
    }

    /// The decimal `unscaled × 10^-scale`.
    public static func decimal(unscaled: Int128, scale: Int) -> Decimal {
        let magnitude = unscaled.magnitude
        // Decimal's initialisers stop at 64 bits: build from the decimal digits, which are exact.
        let digits = Decimal(string: String(magnitude), locale: Locale(identifier: "en_US_POSIX")) ?? 0
        return Decimal(sign: unscaled < 0 ? .minus : .plus, exponent: -scale, significand: digits)
    }
}
