import Testing

@testable import Model

@Suite struct DeadLetterTests {
    @Test func roundTripsAndKeepsTheOriginalRecordReplayable() throws {
        let letter = try Samples.lateTradeDeadLetter()
        let decoded = try roundTrip(letter)
        #expect(decoded == letter)
        #expect(decoded.sourcePartition == 3)
        #expect(decoded.sourceOffset == 1_048_576)
        #expect(decoded.key.map { String(decoding: $0, as: UTF8.self) } == Samples.appleId)
        #expect(try MarketEvent(serializedBytes: decoded.payload) == .trade(Samples.appleTrade))
    }

    @Test func distinguishesNoKeyFromAnEmptyKey() throws {
        var letter = try Samples.lateTradeDeadLetter()
        letter.key = nil
        #expect(try roundTrip(letter).key == nil)
        letter.key = []
        #expect(try roundTrip(letter).key == [])
    }

    @Test func keepsUndecodablePayloadsAndFeedPositions() throws {
        let letter = DeadLetter(
            stage: "ingest", reasonCode: "PARSE_ERROR", reason: "line 17: price \"189,43\" is not a number",
            sourceTopic: "file:feeds/nasdaq-2024-03-15.csv", sourcePartition: -1, sourceOffset: 17, key: nil,
            payload: Array("AAPL,189,43,200".utf8) + [0xFF, 0x00], failedAtNanos: Samples.ingestTime)
        #expect(try roundTrip(letter) == letter)
    }

    @Test func rejectsInvalidFields() throws {
        let valid = try Samples.lateTradeDeadLetter().proto
        var message = valid
        message.stage = ""
        try expectInvalidField(DeadLetter.self, message, field: "stage")
        message = valid
        message.reasonCode = ""
        try expectInvalidField(DeadLetter.self, message, field: "reason_code")
        message = valid
        message.sourcePartition = -2
        try expectInvalidField(DeadLetter.self, message, field: "source_partition")
        message = valid
        message.failedAtNs = 0
        try expectInvalidField(DeadLetter.self, message, field: "failed_at_ns")
    }
}
