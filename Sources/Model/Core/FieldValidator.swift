import Foundation
import SwiftProtobuf

/// Checks the fields of one decoded Protobuf message and builds ``ModelError``s that name them.
struct FieldValidator {
    /// The fully qualified message name, e.g. `tickflow.v1.Trade`.
    let messageType: String

    init<M: SwiftProtobuf.Message>(_: M.Type) {
        self.messageType = M.protoMessageName
    }

    /// An ``ModelError/Code/invalidField`` error for `field`.
    func invalid(_ field: String, _ reason: String, underlying: (any Error & Sendable)? = nil) -> ModelError {
        ModelError(.invalidField, reason, messageType: messageType, field: field, underlying: underlying)
    }

    /// A string that must not be empty.
    func required(_ value: String, _ field: String) throws -> String {
        if value.isEmpty { throw invalid(field, "is required but empty") }
        return value
    }

    /// A finite double.
    func finite(_ value: Double, _ field: String) throws -> Double {
        if !value.isFinite { throw invalid(field, "must be finite, got \(value)") }
        return value
    }

    /// A finite double `> 0`.
    func positive(_ value: Double, _ field: String) throws -> Double {
        if !(value.isFinite && value > 0) { throw invalid(field, "must be finite and > 0, got \(value)") }
        return value
    }

    /// A finite double `>= 0`.
    func nonNegative(_ value: Double, _ field: String) throws -> Double {
        if !(value.isFinite && value >= 0) { throw invalid(field, "must be finite and >= 0, got \(value)") }
        return value
    }

    /// A double in the closed range `range`.
    func within(_ value: Double, _ range: ClosedRange<Double>, _ field: String) throws -> Double {
        if !range.contains(value) {
            throw invalid(field, "must be in [\(range.lowerBound), \(range.upperBound)], got \(value)")
        }
        return value
    }

    /// A time in nanoseconds since the epoch, which must be set (`> 0`).
    func time(_ value: Int64, _ field: String) throws -> Int64 {
        if value <= 0 { throw invalid(field, "must be a time in ns since the Unix epoch (> 0), got \(value)") }
        return value
    }

    /// An ISO 4217 alphabetic code: three uppercase ASCII letters.
    func currency(_ value: String, _ field: String) throws -> String {
        if !Money.isCurrencyCode(value) {
            throw invalid(field, "must be an ISO 4217 code of three uppercase letters, got \"\(value)\"")
        }
        return value
    }

    /// An ISO 4217 code, or empty.
    func optionalCurrency(_ value: String, _ field: String) throws -> String {
        value.isEmpty ? value : try currency(value, field)
    }

    /// A market identifier code (ISO 10383: four uppercase letters or digits), or empty.
    func optionalMIC(_ value: String, _ field: String) throws -> String {
        if value.isEmpty { return value }
        let isMIC = value.utf8.count == 4 && value.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
        if !isMIC { throw invalid(field, "must be a 4-character ISO 10383 MIC, got \"\(value)\"") }
        return value
    }

    /// A UUID string.
    func uuid(_ value: String, _ field: String) throws -> String {
        if value.isEmpty { throw invalid(field, "is required but empty") }
        if UUID(uuidString: value) == nil { throw invalid(field, "must be a UUID string, got \"\(value)\"") }
        return value
    }

    /// An exact decimal string.
    func decimal(_ value: String, _ field: String) throws -> Decimal {
        do {
            return try DecimalString.parse(value)
        } catch {
            throw invalid(field, "must be an exact decimal string: \(error.message)", underlying: error)
        }
    }

    /// A Protobuf enum value that maps to a known, non-`UNSPECIFIED` model case.
    func known<T>(_ mapped: T?, rawValue: Int, _ field: String) throws -> T {
        guard let mapped else {
            let what = rawValue == 0 ? "is required but UNSPECIFIED" : "has an unknown enum value \(rawValue)"
            throw invalid(field, what)
        }
        return mapped
    }
}
