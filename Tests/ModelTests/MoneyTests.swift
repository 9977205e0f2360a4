import Foundation
import Testing

@testable import Model

@Suite struct MoneyTests {
    @Test(arguments: [
        "1234567.89", "0.00000001", "-250000.5", "0", "99999999999999999999999999999999999999",
        "12345678901234567890.123456789012345678", "0.000000000000000000000000000000000001",
    ])
    func decimalStringsRoundTripExactly(_ text: String) throws {
        let value = try DecimalString.parse(text)
        #expect(DecimalString.format(value) == text)
        #expect(try DecimalString.parse(DecimalString.format(value)) == value)
    }

    @Test func parsingIsExactNotBinaryFloatingPoint() throws {
        let cents = try DecimalString.parse("0.01")
        var sum = Decimal(0)
        for _ in 0..<100 { sum += cents }
        #expect(sum == 1)
        #expect(try DecimalString.parse("1234567.89") == Decimal(123_456_789) / 100)
        #expect(try DecimalString.parse("100.00") == 100)
        #expect(DecimalString.format(try DecimalString.parse("100.00")) == "100")
    }

    @Test(arguments: [
        "", "-", "1.", ".5", "12abc", "1e5", "1,000.00", "+5", " 1", "1 ", "0x10", "NaN",
        "123456789012345678901234567890123456789",
    ])
    func rejectsAnythingButPlainDecimals(_ text: String) {
        #expect(throws: ModelError.self) { try DecimalString.parse(text) }
        do {
            _ = try DecimalString.parse(text)
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains("\"\(text)\""))
        }
    }

    @Test func moneyParsesAndDescribes() throws {
        let money = try Money(parsing: "1250000.00", currency: "EUR")
        #expect(money.amount == 1_250_000)
        #expect(money.currency == "EUR")
        #expect(money.description == "1250000 EUR")
        #expect(throws: ModelError.self) { try Money(parsing: "10", currency: "eur") }
        #expect(throws: ModelError.self) { try Money(parsing: "10", currency: "EURO") }
        #expect(Money.isCurrencyCode("JPY"))
        #expect(!Money.isCurrencyCode("US$"))
    }

    @Test func moneyJSONKeepsTheAmountAsAString() throws {
        let money = Money(amount: try DecimalString.parse("0.00000001"), currency: "USD")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(money), as: UTF8.self)
        #expect(json == #"{"amount":"0.00000001","currency":"USD"}"#)
        #expect(try JSONDecoder().decode(Money.self, from: Data(json.utf8)) == money)
        let bad = Data(#"{"amount":"1e3","currency":"USD"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Money.self, from: bad) }
    }
}
