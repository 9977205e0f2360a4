import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct TickEnricherTests {
    typealias F = TickFixtures
    let t0 = TickFixtures.t0, s = TickFixtures.second, ms = TickFixtures.millisecond

    @Test func usdTicksAreJoinedWithReferenceDataAndNeverHeld() throws {
        var processor = try F.processor("validate,enrich")
        let output = try F.run(&processor, [.market(F.trade("AAPL", 189.40, 100, at: t0))], finish: false)
        let tick = try #require(output.enriched.first)
        #expect(tick.fxRate == 1 && !tick.fxInterpolated)
        #expect(tick.notionalBase == 18_940)
        #expect(tick.assetClass == .equity && tick.sector == "Information Technology" && tick.region == "North America")
        #expect(tick.ingestTimeNanos == t0 + 150_000)
        #expect(output.records[0].key == Array(F.instrument("AAPL").id.utf8))
    }

    @Test func aTickWhoseRateArrivesLaterIsHeldThenConvertedExactly() throws {
        var processor = try F.processor("validate,enrich")
        var output = try F.run(&processor, [
            .fx(F.fx("EUR", "USD", 1.08, at: t0)),
            .market(F.trade("DE10Y", 98.5, 1000, at: t0 + s)),
            .market(F.trade("DE10Y", 98.6, 1000, at: t0 + s + 100 * ms)),
            .market(F.trade("AAPL", 189.40, 100, at: t0 + s + 200 * ms)),
        ], finish: false)
        #expect(output.enriched.map(\.symbol) == ["AAPL"])
        // The rate at t0 + 1.5 s shows the EUR data has passed both ticks: each gets the rate in force, 1.08.
        try processor.process(F.records([.fx(F.fx("EUR", "USD", 1.09, at: t0 + 1_500 * ms)), .fx(F.fx("EUR", "USD", 1.09, at: t0 + 1_500 * ms))], firstOffset: 4), into: &output)
        let bonds = output.enriched.filter { $0.event.symbol == "DE10Y" }
        #expect(bonds.map(\.fxRate) == [1.08, 1.08])
        #expect(bonds.map(\.fxInterpolated) == [false, false])
        #expect(bonds.map(\.notionalBase) == [98.5 * 1000 * 1.08, 98.6 * 1000 * 1.08])
        #expect(bonds[0].assetClass == .bond && bonds[0].region == "Europe" && bonds[0].sector == "Government")
        #expect(output.rejections.isEmpty)
    }

    @Test func aHeldTickTimesOutAfterTheMaxWaitAndIsMarkedInterpolated() throws {
        var processor = try F.processor("validate,enrich")
        let output = try F.run(&processor, [
            .fx(F.fx("GBP", "USD", 1.27, at: t0)),
            .market(F.trade("GB10Y", 96.2, 1000, at: t0 + s)),
            .market(F.trade("AAPL", 189.40, 100, at: t0 + 2 * s)),
            .market(F.trade("AAPL", 189.41, 100, at: t0 + 3 * s)),
            .market(F.trade("AAPL", 189.42, 100, at: t0 + 3 * s + ms)),
        ], finish: false)
        #expect(output.enriched.map(\.symbol) == ["AAPL", "GB10Y", "AAPL", "AAPL"])
        let gilt = output.enriched[1]
        #expect(gilt.fxRate == 1.27 && gilt.fxInterpolated)
        #expect(output.records[1].value.flags == .fxInterpolated)
        #expect(output.records[1].position?.offset == 1)
    }

    @Test func onlyLaterRatesGiveTheEarliestInterpolatedAndNoRateIsAMissingRateDeadLetter() throws {
        var processor = try F.processor("validate,enrich")
        let output = try F.run(&processor, [
            .market(F.trade("JP10Y", 99.1, 1000, at: t0)),
            .market(F.trade("AU10Y", 97.3, 1000, at: t0 + ms)),
            .fx(F.fx("USD", "JPY", 150.0, at: t0 + 500 * ms)),
            .fx(F.fx("USD", "JPY", 151.0, at: t0 + 900 * ms)),
        ])
        let jgb = try #require(output.enriched.first)
        #expect(jgb.fxRate == 1 / 150.0 && jgb.fxInterpolated)
        #expect(output.rejections.map(\.reasonCode) == ["FX_RATE_MISSING"])
        #expect(output.rejections.first?.position?.offset == 1)
        #expect(output.rejections.first?.reason.contains("AUD") == true)
    }

    @Test func anotherBaseCurrencyConvertsByInverseAndTriangulation() throws {
        var processor = try F.processor("validate,enrich") { $0.baseCurrency = "EUR" }
        let output = try F.run(&processor, [
            .fx(F.fx("EUR", "USD", 1.25, at: t0)),
            .fx(F.fx("GBP", "USD", 1.50, at: t0)),
            .fx(F.fx("EUR", "USD", 1.25, at: t0 + s)),
            .fx(F.fx("GBP", "USD", 1.50, at: t0 + s)),
            .market(F.trade("AAPL", 200, 10, at: t0 + 500 * ms)),
            .market(F.trade("GB10Y", 100, 1000, at: t0 + 500 * ms)),
            .market(F.trade("DE10Y", 98.5, 1000, at: t0 + 500 * ms)),
        ])
        let viaUSD = 1.50 * (1 / 1.25)
        #expect(output.enriched.map(\.fxRate) == [1 / 1.25, viaUSD, 1])
        #expect(output.enriched.map(\.notionalBase) == [2_000 * (1 / 1.25), 100_000 * viaUSD, 98_500])
        #expect(output.enriched.allSatisfy { $0.baseCurrency == "EUR" && !$0.fxInterpolated })
    }

    @Test func ticksOfAnInstrumentLeaveTheHoldInArrivalOrder() throws {
        var processor = try F.processor("validate,enrich")
        let output = try F.run(&processor, [
            .fx(F.fx("EUR", "USD", 1.08, at: t0)),
            .market(F.trade("DE10Y", 98.5, 1000, at: t0 + s)),
            // Out of order: its rate (t0) is known, yet it must not overtake the held tick before it.
            .market(F.trade("DE10Y", 98.4, 1000, at: t0 + 500 * ms)),
            .fx(F.fx("EUR", "USD", 1.07, at: t0 + 800 * ms)),
            .fx(F.fx("EUR", "USD", 1.10, at: t0 + 2 * s)),
        ], finish: false)
        #expect(output.enriched.map(\.fxRate) == [1.07, 1.08])
        #expect(output.enriched.map { $0.event.eventTimeNanos } == [t0 + s, t0 + 500 * ms])
    }

    @Test func anUnknownInstrumentIsADeadLetter() throws {
        var processor = try F.processor("validate,enrich")
        let stranger = Trade(
            instrumentId: "00000000-0000-5000-8000-000000000000", symbol: "ZZZZ", price: 10, quantity: 1, currency: "USD",
            eventTimeNanos: t0, ingestTimeNanos: t0 + 1)
        let output = try F.run(&processor, [.market(.trade(stranger)), .market(F.trade("AAPL", 189.40, 100, at: t0))])
        #expect(output.rejections.map(\.reasonCode) == ["UNKNOWN_INSTRUMENT"])
        #expect(output.enriched.map(\.symbol) == ["AAPL"])
    }
}

extension EnrichedTick {
    var symbol: String { event.symbol }
}
