import Foundation

/// Exact conversion between `Decimal` and the decimal strings used on the wire for money.
///
/// The wire form is plain decimal notation: an optional `-`, digits, and optionally `.` followed by
/// digits (`"1234567.89"`, `"0.00000001"`). No exponent, no grouping, no `+`, no spaces: anything else
/// is rejected rather than guessed. At most 38 significant digits are accepted, the precision of
/// `Decimal`, so that parsing never rounds.
public enum DecimalString {
    /// The most significant digits a `Decimal` holds exactly.
    public static let maxSignificantDigits = 38

    /// Parses a plain decimal string exactly.
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/invalidValue`` when the text is not a plain
    ///   decimal or has more significant digits than `Decimal` holds.
    public static func parse(_ text: String) throws(ModelError) -> Decimal {
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = bytes[integerStart..<index]
        var fractionDigits = bytes[index..<index]
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = bytes[fractionStart..<index]
            if fractionDigits.isEmpty { throw invalid(text, "no digits after the decimal point") }
        }
        if integerDigits.isEmpty { throw invalid(text, "no digits before the decimal point") }
        if index != bytes.count { throw invalid(text, "unexpected character at offset \(index)") }

        // Decimal keeps trailing zeros in its exponent, so only the digits between the first and the
        // last non-zero digit need to fit in its mantissa.
        let digits = Array(integerDigits) + Array(fractionDigits)
        let zero = UInt8(ascii: "0")
        let significantCount: Int
        if let first = digits.firstIndex(where: { $0 != zero }), let last = digits.lastIndex(where: { $0 != zero }) {
            significantCount = last - first + 1
        } else {
            significantCount = 0
        }
        if significantCount > maxSignificantDigits {
            throw invalid(text, "\(significantCount) significant digits, more than the \(maxSignificantDigits) a Decimal holds exactly")
        }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw invalid(text, "not a decimal number")
        }
        return value
    }

    /// Formats a decimal in plain notation (`"1234567.89"`), exactly, without exponent or grouping.
    ///
    /// Trailing fractional zeros are not kept: `100.00` formats as `"100"`, which parses back to an
    /// equal value.
    public static func format(_ value: Decimal) -> String {
        value.description
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func invalid(_ text: String, _ reason: String) -> ModelError {
        ModelError(.invalidValue, "\"\(text)\" is not a plain decimal string: \(reason)")
    }
}
