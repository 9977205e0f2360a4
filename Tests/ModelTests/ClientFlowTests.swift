import Foundation
import Testing

@testable import Model

@Suite struct ClientFlowTests {
    @Test func amountsRoundTripExactly() throws {
        let subscription = try roundTrip(Samples.subscription)
        #expect(subscription == Samples.subscription)
        #expect(subscription.amount.amount == Decimal(string: "1234567.89"))
        #expect(subscription.proto.amount == "1234567.89")
        #expect(subscription.signedAmount == Decimal(string: "1234567.89"))
        let dust = try roundTrip(Samples.dustRedemption)
        #expect(dust.amount.amountString == "0.00000001")
        #expect(dust.signedAmount == Decimal(string: "-0.00000001"))
        #expect(dust.kind == .redemption)
    }

    @Test func decodesAnAmountWrittenByAnotherLanguage() throws {
        var message = Samples.subscription.proto
        message.amount = "98765432109876543210.12345678"
        let flow = try ClientFlow(serializedBytes: message.serializedBytes())
        #expect(flow.amount.amountString == "98765432109876543210.12345678")
        message.amount = "250000.50"
        #expect(try ClientFlow(serializedBytes: message.serializedBytes()).amount.amount == Decimal(string: "250000.5"))
    }

    @Test func rejectsInvalidAmountsAndFields() throws {
        let valid = Samples.subscription.proto
        var message = valid
        message.amount = "1,234,567.89"
        try expectInvalidField(ClientFlow.self, message, field: "amount", mentioning: "exact decimal")
        message.amount = "1.5e6"
        try expectInvalidField(ClientFlow.self, message, field: "amount")
        message.amount = ""
        try expectInvalidField(ClientFlow.self, message, field: "amount")
        message.amount = "-100.00"
        try expectInvalidField(ClientFlow.self, message, field: "amount", mentioning: "> 0")
        message = valid
        message.kind = .unspecified
        try expectInvalidField(ClientFlow.self, message, field: "kind")
        message = valid
        message.portfolioID = ""
        try expectInvalidField(ClientFlow.self, message, field: "portfolio_id")
        message = valid
        message.currency = "EURO"
        try expectInvalidField(ClientFlow.self, message, field: "currency")
    }

    @Test func jsonKeepsTheAmountExact() throws {
        let json = try JSONEncoder().encode(Samples.dustRedemption)
        #expect(String(decoding: json, as: UTF8.self).contains(#""amount":"0.00000001""#))
        #expect(try JSONDecoder().decode(ClientFlow.self, from: json) == Samples.dustRedemption)
    }
}
