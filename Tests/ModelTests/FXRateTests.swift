import Testing

@testable import Model

@Suite struct FXRateTests {
    @Test func roundTripsEURUSD() throws {
        let rate = Samples.eurUsd
        let decoded = try roundTrip(rate)
        #expect(decoded == rate)
        #expect(decoded.pair == "EURUSD")
        #expect(decoded.rate == 1.08745)
        #expect(rate.proto.pair == "EURUSD")
    }

    @Test func invertsMidBidAndAsk() {
        let usdEur = Samples.eurUsd.inverted
        #expect(usdEur.pair == "USDEUR")
        #expect(abs(usdEur.rate - 0.919582509540669) < 1e-15)
        #expect(usdEur.bid == 1 / 1.08746)
        #expect(usdEur.ask == 1 / 1.08744)
        #expect(usdEur.bid < usdEur.rate && usdEur.rate < usdEur.ask)
    }

    @Test func rejectsInvalidFields() throws {
        let valid = Samples.eurUsd.proto
        var message = valid
        message.pair = "EUR/USD"
        try expectInvalidField(FXRate.self, message, field: "pair", mentioning: "\"EURUSD\"")
        message = valid
        message.rate = 0
        try expectInvalidField(FXRate.self, message, field: "rate")
        message = valid
        message.quoteCurrency = "US"
        try expectInvalidField(FXRate.self, message, field: "quote_currency")
        message = valid
        message.source = ""
        try expectInvalidField(FXRate.self, message, field: "source")
    }
}
