import Testing

@testable import Model

@Suite struct QuoteTests {
    @Test func roundTripsABondQuote() throws {
        let quote = Samples.ust10yQuote
        let decoded = try roundTrip(quote)
        #expect(decoded == quote)
        #expect(decoded.bidPrice == 98.515625)
        #expect(decoded.askPrice == 98.53125)
        #expect(decoded.askSize == 10_000_000)
        #expect(decoded.venue == "")
        #expect(decoded.mid == 98.5234375)
        #expect(decoded.spread == 0.015625)
    }

    @Test func rejectsInvalidFields() throws {
        let valid = Samples.ust10yQuote.proto
        var message = valid
        message.symbol = ""
        try expectInvalidField(Quote.self, message, field: "symbol")
        message = valid
        message.bidSize = -1
        try expectInvalidField(Quote.self, message, field: "bid_size", mentioning: ">= 0")
        message = valid
        message.askPrice = .infinity
        try expectInvalidField(Quote.self, message, field: "ask_price", mentioning: "finite")
        message = valid
        message.currency = ""
        try expectInvalidField(Quote.self, message, field: "currency")
    }

    @Test func rejectsMalformedBytes() throws {
        let bytes = try Samples.ust10yQuote.serializedBytes()
        expectDecodingError(Quote.self, Array(bytes.dropLast()))  // ingest_time_ns cut short
    }
}
