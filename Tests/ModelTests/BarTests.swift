import Testing

@testable import Model

@Suite struct BarTests {
    @Test func roundTripsAMinuteBar() throws {
        let bar = Samples.appleBar
        let decoded = try roundTrip(bar)
        #expect(decoded == bar)
        #expect(decoded.windowEndNanos == 1_710_513_060_000_000_000)
        #expect(decoded.revision == 1)
        #expect(decoded.tradeCount == 312)
        #expect(decoded.notionalBase == 9_132_540.76)
        #expect(Timestamp.iso8601(decoded.windowStartNanos) == "2024-03-15T14:30:00.000000000Z")
    }

    @Test func aGapFilledBarHasNoTradesNoVolumeAndAFlatPrice() throws {
        var bar = Samples.appleBar
        (bar.open, bar.high, bar.low, bar.close, bar.vwap) = (189.55, 189.55, 189.55, 189.55, 189.55)
        (bar.volume, bar.tradeCount, bar.notionalBase) = (0, 0, 0)
        let decoded = try roundTrip(bar)
        #expect(decoded == bar)
        #expect(decoded.tradeCount == 0)
    }

    @Test func intervalsKnowTheirLengthsAndTopics() {
        #expect(BarInterval.allCases.map(\.topic) == ["bars.1s", "bars.1m", "bars.5m", "bars.1h", "bars.1d"])
        #expect(BarInterval.fiveMinutes.nanos == 300_000_000_000)
        #expect(BarInterval.oneDay.windowStart(containing: Samples.eventTime) == 1_710_460_800_000_000_000)
        #expect(BarInterval.oneMinute.windowStart(containing: Samples.eventTime) == Samples.appleBar.windowStartNanos)
    }

    @Test func revisionsShareTheUpsertKey() {
        var next = Samples.appleBar
        next.revision = 2
        next.close = 189.58
        #expect(next.upsertKey == Samples.appleBar.upsertKey)
        var later = Samples.appleBar
        later.windowStartNanos += BarInterval.oneMinute.nanos
        #expect(later.upsertKey != Samples.appleBar.upsertKey)
    }

    @Test func rejectsInconsistentBars() throws {
        let valid = Samples.appleBar.proto
        var message = valid
        message.interval = .unspecified
        try expectInvalidField(Bar.self, message, field: "interval", mentioning: "UNSPECIFIED")
        message = valid
        message.windowStartNs += 1_000
        try expectInvalidField(Bar.self, message, field: "window_start_ns", mentioning: "aligned")
        message = valid
        message.windowEndNs += BarInterval.oneMinute.nanos
        try expectInvalidField(Bar.self, message, field: "window_end_ns")
        message = valid
        message.low = 189.70
        try expectInvalidField(Bar.self, message, field: "low", mentioning: "above high")
        message = valid
        message.close = 190.00
        try expectInvalidField(Bar.self, message, field: "close")
        message = valid
        message.tradeCount = 0
        try expectInvalidField(Bar.self, message, field: "trade_count", mentioning: "volume")
        message = valid
        message.baseCurrency = ""
        try expectInvalidField(Bar.self, message, field: "base_currency")
        message = valid
        message.windowStartNs = Timestamp.floor(Int64.max, toMultipleOf: Timestamp.nanosPerSecond)
        message.interval = .barInterval1S
        try expectInvalidField(Bar.self, message, field: "window_start_ns", mentioning: "out of range")
    }
}
