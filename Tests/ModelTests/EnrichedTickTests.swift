import Testing

@testable import Model

@Suite struct EnrichedTickTests {
    @Test func convertsATradeToTheBaseCurrency() throws {
        let tick = Samples.siemensEnriched
        #expect(tick.priceBase == 176.84 * 1.08745)
        #expect(tick.notionalBase == 176.84 * 150 * 1.08745)
        #expect(abs(tick.notionalBase - 28_845.6987) < 1e-6)
        #expect(tick.assetClass == .equity)
        #expect(tick.sector == "Industrials")
        #expect(tick.region == "Europe")
        #expect(tick.instrumentId == Samples.siemensId)
        #expect(tick.eventTimeNanos == Samples.eventTime)
        #expect(try roundTrip(tick) == tick)
    }

    @Test func valuesAQuoteAtItsMid() throws {
        let bond = Instrument(
            id: Samples.ust10yId, symbol: "US10Y", name: "US Treasury 4% 15 Feb 2034", assetClass: .bond,
            currency: "USD", sector: "Government", region: "North America", venue: "", lotSize: 1_000,
            tickSize: 0.0078125, eventTimeNanos: 1_704_067_200_000_000_000, ingestTimeNanos: 1_704_067_200_000_000_000)
        let tick = EnrichedTick(
            event: .quote(Samples.ust10yQuote), instrument: bond, baseCurrency: "USD", fxRate: 1,
            ingestTimeNanos: Samples.ingestTime + 10_000)
        #expect(tick.priceBase == 98.5234375)
        #expect(tick.notionalBase == 0)
        #expect(tick.fxInterpolated == false)
        let decoded = try roundTrip(tick)
        #expect(decoded == tick)
        #expect(decoded.assetClass == .bond)
    }

    @Test func rejectsInvalidFields() throws {
        let valid = Samples.siemensEnriched.proto
        var message = valid
        message.event = nil
        try expectInvalidField(EnrichedTick.self, message, field: "event")
        message = valid
        message.fxRate = 0
        try expectInvalidField(EnrichedTick.self, message, field: "fx_rate")
        message = valid
        message.assetClass = .unspecified
        try expectInvalidField(EnrichedTick.self, message, field: "asset_class")
        message = valid
        message.eventTimeNs += 1
        try expectInvalidField(EnrichedTick.self, message, field: "event_time_ns")
    }
}
