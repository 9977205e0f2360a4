import Testing

@testable import Model

@Suite struct TradeTests {
    @Test func roundTripsThroughProtobufBytes() throws {
        let trade = Samples.appleTrade
        let decoded = try roundTrip(trade)
        #expect(decoded == trade)
        #expect(decoded.price == 189.43)
        #expect(decoded.quantity == 200)
        #expect(decoded.aggressorSide == .buy)
        #expect(decoded.eventTimeNanos == 1_710_513_000_123_456_789)
        #expect(decoded.notional == 189.43 * 200)
    }

    @Test func mapsEveryFieldToTheWireMessage() {
        let message = Samples.appleTrade.proto
        #expect(message.instrumentID == Samples.appleId)
        #expect(message.symbol == "AAPL")
        #expect(message.venue == "XNAS")
        #expect(message.aggressorSide == .buy)
        #expect(message.tradeID == "T-884211")
        #expect(message.sequence == 1_042_117)
        #expect(message.ingestTimeNs == Samples.ingestTime)
    }

    @Test func unknownAggressorSideIsValid() throws {
        var trade = Samples.appleTrade
        trade.aggressorSide = .unknown
        trade.venue = ""
        #expect(try roundTrip(trade) == trade)
    }

    @Test func rejectsInvalidFields() throws {
        let valid = Samples.appleTrade.proto
        var message = valid
        message.instrumentID = ""
        try expectInvalidField(Trade.self, message, field: "instrument_id", mentioning: "required")
        message = valid
        message.price = .nan
        try expectInvalidField(Trade.self, message, field: "price", mentioning: "finite")
        message = valid
        message.quantity = -200
        try expectInvalidField(Trade.self, message, field: "quantity", mentioning: "-200")
        message = valid
        message.currency = "usd"
        try expectInvalidField(Trade.self, message, field: "currency", mentioning: "ISO 4217")
        message = valid
        message.venue = "NASDAQ"
        try expectInvalidField(Trade.self, message, field: "venue", mentioning: "MIC")
        message = valid
        message.aggressorSide = .UNRECOGNIZED(7)
        try expectInvalidField(Trade.self, message, field: "aggressor_side", mentioning: "unknown enum value 7")
        message = valid
        message.eventTimeNs = 0
        try expectInvalidField(Trade.self, message, field: "event_time_ns")
        message = valid
        message.ingestTimeNs = -5
        try expectInvalidField(Trade.self, message, field: "ingest_time_ns")
    }

    @Test func rejectsMalformedBytes() throws {
        let bytes = try Samples.appleTrade.serializedBytes()
        expectDecodingError(Trade.self, Array(bytes.dropLast(3)))
        expectDecodingError(Trade.self, [0x0A, 0x02, 0xFF, 0xFE])  // instrument_id that is not UTF-8
        expectDecodingError(Trade.self, [0x0F])  // wire type 7 does not exist
    }

    @Test func emptyBytesAreAMessageWithNothingSet() throws {
        #expect(throws: ModelError.self) { try Trade(serializedBytes: []) }
        do {
            _ = try Trade(serializedBytes: [])
        } catch let error as ModelError {
            #expect(error.code == .invalidField)
            #expect(error.description == "ModelError.invalid-field: tickflow.v1.Trade.instrument_id: is required but empty")
        }
    }

    @Test func ignoresFieldsAddedByNewerWriters() throws {
        var bytes = try Samples.appleTrade.serializedBytes()
        bytes += [0xA0, 0x06, 0x2A]  // field 100, varint 42
        #expect(try Trade(serializedBytes: bytes) == Samples.appleTrade)
    }
}
