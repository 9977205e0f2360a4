import Testing

@testable import Model

@Suite struct NewsItemTests {
    @Test func roundTripsWithAndWithoutSentiment() throws {
        let scored = try roundTrip(Samples.appleNews)
        #expect(scored == Samples.appleNews)
        #expect(scored.sentiment == 0.42)
        #expect(scored.tickers == ["AAPL", "MSFT"])
        var unscored = Samples.appleNews
        unscored.sentiment = nil
        #expect(try roundTrip(unscored).sentiment == nil)
        var neutral = Samples.appleNews
        neutral.sentiment = 0
        #expect(try roundTrip(neutral).sentiment == 0)  // presence survives a zero
    }

    @Test func rejectsInvalidFields() throws {
        var message = Samples.appleNews.proto
        message.sentiment = 1.5
        try expectInvalidField(NewsItem.self, message, field: "sentiment", mentioning: "1.5")
        message = Samples.appleNews.proto
        message.headline = ""
        try expectInvalidField(NewsItem.self, message, field: "headline")
        message = Samples.appleNews.proto
        message.tickers.append("")
        try expectInvalidField(NewsItem.self, message, field: "tickers", mentioning: "entry 2")
    }
}
