import Foundation
import Model

/// A value bound to, or read from, a ledger SQL statement. Money travels as `decimal`, never as a float.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case text(String)
    case decimal(Decimal)

    /// `text`, or `null` when nil.
    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// `decimal`, or `null` when nil.
    public static func decimal(_ value: Decimal?) -> SQLValue { value.map { .decimal($0) } ?? .null }
    /// `int`, or `null` when nil.
    public static func int(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }
}

/// One result row, read by column position (the SELECTs list their columns explicitly).
public struct SQLRow: Sendable {
    /// The values, in SELECT order.
    public var values: [SQLValue]

    /// Creates a row.
    public init(_ values: [SQLValue]) { self.values = values }

    /// The text at `index`.
    ///
    /// - Throws: ``ServingError`` (`storage`) when it is null or not text.
    public func string(_ index: Int) throws(ServingError) -> String {
        guard let value = optionalString(index) else { throw Self.mismatch(index, "text", values[index]) }
        return value
    }

    /// The text at `index`, nil when null.
    public func optionalString(_ index: Int) -> String? {
        switch values[index] {
        case .text(let text): text
        case .int(let int): String(int)
        case .decimal(let decimal): DecimalString.format(decimal)
        case .null: nil
        }
    }

    /// The integer at `index`.
    public func int(_ index: Int) throws(ServingError) -> Int64 {
        guard let value = optionalInt(index) else { throw Self.mismatch(index, "integer", values[index]) }
        return value
    }

    /// The integer at `index`, nil when null.
    public func optionalInt(_ index: Int) -> Int64? {
        switch values[index] {
        case .int(let int): int
        case .text(let text): Int64(text)
        case .decimal, .null: nil
        }
    }

    /// The exact decimal at `index` (SQLite keeps money as text, Postgres as NUMERIC).
    public func decimal(_ index: Int) throws(ServingError) -> Decimal {
        guard let value = try optionalDecimal(index) else { throw Self.mismatch(index, "decimal", values[index]) }
        return value
    }

    /// The exact decimal at `index`, nil when null.
    public func optionalDecimal(_ index: Int) throws(ServingError) -> Decimal? {
        switch values[index] {
        case .decimal(let decimal): return decimal
        case .int(let int): return Decimal(int)
        case .null: return nil
        case .text(let text):
            do { return try DecimalString.parse(text) } catch {
                throw ServingError(.storage, "column \(index): \(error.description)")
            }
        }
    }

    private static func mismatch(_ index: Int, _ expected: String, _ value: SQLValue) -> ServingError {
        ServingError(.storage, "column \(index): expected \(expected), found \(value)")
    }
}
