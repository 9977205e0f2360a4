import Foundation

/// An exact amount of money in one currency.
///
/// The amount is a `Decimal`, never a `Double`. In JSON (`Codable`) the amount is a decimal string,
/// `{"amount":"1234567.89","currency":"USD"}`, so that no JSON reader turns it into a float.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The exact amount.
    public var amount: Decimal
    /// ISO 4217 alphabetic currency code, e.g. `USD`.
    public var currency: String

    /// Creates an amount of money.
    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    /// Creates an amount of money from a plain decimal string, e.g. `Money(parsing: "1250000.00", currency: "EUR")`.
    ///
    /// - Throws: ``ModelError`` (``ModelError/Code/invalidValue``) if the amount is not an exact decimal
    ///   string or the currency is not an ISO 4217 code.
    public init(parsing amount: String, currency: String) throws(ModelError) {
        guard Money.isCurrencyCode(currency) else {
            throw ModelError(.invalidValue, "\"\(currency)\" is not an ISO 4217 code of three uppercase letters")
        }
        self.init(amount: try DecimalString.parse(amount), currency: currency)
    }

    /// The amount in plain decimal notation, as on the wire.
    public var amountString: String { DecimalString.format(amount) }

    /// Whether `code` looks like an ISO 4217 alphabetic code: exactly three ASCII uppercase letters.
    @inlinable  // the stream's validation asks it of every tick
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }

    public var description: String { "\(amountString) \(currency)" }

    private enum CodingKeys: String, CodingKey {
        case amount, currency
    }

    /// Decodes `{"amount":"<decimal string>","currency":"<ISO 4217>"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .amount)
        let currency = try container.decode(String.self, forKey: .currency)
        do {
            try self.init(parsing: text, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container, debugDescription: error.description)
        }
    }

    /// Encodes `{"amount":"<decimal string>","currency":"<ISO 4217>"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amountString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }
}
