import Testing

@testable import Model

@Suite struct TopOfBookTests {
    @Test func computesSpreadAndMidAndRoundTrips() throws {
        let book = Samples.appleBook
        #expect(abs(book.spread - 0.02) < 1e-12)
        #expect(book.mid == 189.43)
        let decoded = try roundTrip(book)
        #expect(decoded == book)
        #expect(decoded.bidVenue == "XNAS")
        #expect(decoded.askVenue == "ARCX")
    }

    @Test func rejectsInconsistentDerivedFields() throws {
        var message = Samples.appleBook.proto
        message.mid = 189.50
        try expectInvalidField(TopOfBook.self, message, field: "mid", mentioning: "189.43")
        message = Samples.appleBook.proto
        message.spread = 0.2
        try expectInvalidField(TopOfBook.self, message, field: "spread")
        message = Samples.appleBook.proto
        message.askVenue = "arca"
        try expectInvalidField(TopOfBook.self, message, field: "ask_venue")
    }
}
