import Testing

@testable import Model

@Suite struct MarketEventTests {
    @Test func roundTripsTradesAndQuotes() throws {
        let trade = MarketEvent.trade(Samples.appleTrade)
        let quote = MarketEvent.quote(Samples.ust10yQuote)
        #expect(try roundTrip(trade) == trade)
        #expect(try roundTrip(quote) == quote)
        #expect(trade.instrumentId == Samples.appleId)
        #expect(quote.symbol == "US10Y")
        #expect(quote.eventTimeNanos == Samples.eventTime + 2_000)
        #expect(trade.ingestTimeNanos == Samples.ingestTime)
        #expect(trade.currency == "USD")
    }

    @Test func theWrapperEmbedsTheTradeBytesAsField1() throws {
        let tradeBytes = try Samples.appleTrade.serializedBytes()
        let eventBytes = try MarketEvent.trade(Samples.appleTrade).serializedBytes()
        #expect(eventBytes.first == 0x0A)  // field 1, length-delimited
        #expect(Array(eventBytes.suffix(tradeBytes.count)) == tradeBytes)
    }

    @Test func rejectsAnEmptyPayloadAndInvalidInnerFields() throws {
        try expectInvalidField(MarketEvent.self, Tickflow_V1_MarketEvent(), field: "payload", mentioning: "neither")
        var message = MarketEvent.trade(Samples.appleTrade).proto
        message.trade.price = .nan
        do {
            _ = try MarketEvent(serializedBytes: message.serializedBytes())
            Issue.record("a NaN price was accepted")
        } catch let error as ModelError {
            #expect(error.messageType == "tickflow.v1.Trade")
            #expect(error.field == "price")
        }
    }

    @Test func rejectsMalformedBytes() {
        expectDecodingError(MarketEvent.self, [0x0A, 0x20, 0x0A])
    }
}
