import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct TickValidatorTests {
    typealias F = TickFixtures
    let t0 = TickFixtures.t0, s = TickFixtures.second, ms = TickFixtures.millisecond

    @Test func malformedTicksAreRefusedWithTheirReasonAndTheRestGoOn() throws {
        var processor = try F.processor("validate,enrich")
        var badSize = F.trade("AAPL", 189.5, 10, at: t0 + 5 * ms)
        if case .trade(var trade) = badSize { trade.quantity = -3; badSize = .trade(trade) }
        var noSymbol = F.trade("MSFT", 415.2, 10, at: t0 + 6 * ms)
        if case .trade(var trade) = noSymbol { trade.symbol = ""; noSymbol = .trade(trade) }
        let inputs: [MarketEvent] = [
            F.trade("AAPL", 189.40, 100, at: t0, id: "T1"),
            F.trade("AAPL", 0, 100, at: t0 + ms, id: "T2"),
            F.quote("MSFT", bid: 415.1, ask: -1, at: t0 + 2 * ms),
            F.trade("AAPL", 189.41, 100, at: t0 + 10 * s, id: "T3", ingest: t0 + 3 * ms),
            F.trade("AAPL", 189.42, 100, at: t0 + 4 * ms, id: "T1"),
            badSize,
            noSymbol,
            F.trade("AAPL", 189.43, 100, at: t0 - 8 * Timestamp.nanosPerDay, id: "T4", ingest: t0),
            F.trade("AAPL", 189.44, 50, at: t0 + 7 * ms, id: "T5"),
        ]
        let output = try F.run(&processor, inputs.map(TickInput.market))
        let codes = output.rejections.map(\.reasonCode)
        #expect(codes == ["INVALID_PRICE", "INVALID_PRICE", "FUTURE_TIMESTAMP", "DUPLICATE", "INVALID_SIZE", "MISSING_FIELD", "STALE_TIMESTAMP"])
        let offsets = output.rejections.map { $0.position?.offset }
        #expect(offsets == [1, 2, 3, 4, 5, 6, 7])
        #expect(output.rejections.allSatisfy { $0.deadLetterTopic == nil && $0.key != nil })
        #expect(output.enriched.map(\.priceBase) == [189.40, 189.44])
        #expect(output.rejections[2].reason.contains("ingest time"))
    }

    @Test func crossedLockedAndOutOfOrderTicksAreFlaggedAndCounted() throws {
        let metrics = TestMetrics()
        var configuration = TickProcessorConfiguration(stages: try StageSet(parsing: "validate,enrich"))
        configuration.validation.spikeWarmup = 1_000
        var processor = TickProcessor(configuration: configuration, instruments: F.master, metrics: metrics)
        let output = try F.run(&processor, [
            F.quote("AAPL", bid: 189.40, ask: 189.42, at: t0),
            F.quote("AAPL", bid: 189.45, ask: 189.43, at: t0 + ms),
            F.quote("AAPL", bid: 189.44, ask: 189.44, at: t0 + 2 * ms),
            F.trade("AAPL", 189.44, 10, at: t0 + ms / 2),
        ].map(TickInput.market))
        let flags = output.records.map(\.value.flags)
        #expect(flags == [[], .crossed, .locked, .outOfOrder])
        let headers = output.records.map { $0.value.headers.first { $0.name == "tickflow-flags" }.map { String(decoding: $0.value, as: UTF8.self) } }
        #expect(headers == [nil, "crossed", "locked", "out-of-order"])
        #expect(metrics.counterValue(TickProcessor.flagCounterLabel, [("flag", "CROSSED_QUOTE")]) == 1)
        #expect(metrics.counterValue(TickProcessor.flagCounterLabel, [("flag", "LOCKED_QUOTE")]) == 1)
        #expect(metrics.counterValue(TickProcessor.flagCounterLabel, [("flag", "OUT_OF_ORDER")]) == 1)
    }

    @Test func duplicatesAreFoundBySequenceAndTradeIdWithinBoundedMemory() throws {
        var processor = try F.processor("validate,enrich") { $0.validation.duplicateMemory = 2 }
        let output = try F.run(&processor, [
            F.quote("MSFT", bid: 415.1, ask: 415.2, at: t0, sequence: 7),
            F.trade("MSFT", 415.15, 10, at: t0 + ms, sequence: 7),  // a trade may share a quote's number
            F.quote("MSFT", bid: 415.1, ask: 415.2, at: t0 + 2 * ms, sequence: 7),
            F.trade("MSFT", 415.16, 10, at: t0 + 3 * ms, id: "X9"),
            F.trade("MSFT", 415.16, 10, at: t0 + 4 * ms, id: "X9"),
            F.trade("AAPL", 189.40, 10, at: t0 + 5 * ms, id: "X9"),  // another instrument's id space
            F.quote("MSFT", bid: 415.1, ask: 415.2, at: t0 + 6 * ms, sequence: 8),
            F.quote("MSFT", bid: 415.1, ask: 415.2, at: t0 + 7 * ms, sequence: 9),
            F.quote("MSFT", bid: 415.1, ask: 415.2, at: t0 + 8 * ms, sequence: 7),  // forgotten: memory holds 2
        ].map(TickInput.market))
        let offsets = output.rejections.map { $0.position?.offset }
        #expect(output.rejections.map(\.reasonCode) == ["DUPLICATE", "DUPLICATE"])
        #expect(offsets == [2, 4])
        #expect(output.enriched.count == 7)
    }

    @Test func aPriceSpikeIsFlaggedWithItsScoreAndKept() throws {
        var processor = try F.processor("validate,enrich") { $0.validation.spikeWarmup = 20 }
        var events: [MarketEvent] = []
        for index in 0..<40 {
            let price = 189.40 + (index % 2 == 0 ? 0.02 : -0.02)
            events.append(F.trade("AAPL", price, 100, at: t0 + Int64(index) * 100 * ms))
        }
        events.append(F.trade("AAPL", 199.40, 100, at: t0 + 4 * s))
        events.append(F.trade("AAPL", 189.41, 100, at: t0 + 4 * s + 100 * ms))
        let output = try F.run(&processor, events.map(TickInput.market))
        #expect(output.enriched.count == 42)
        let spikes = output.records.enumerated().filter { $0.element.value.flags.contains(.spike) }.map(\.offset)
        #expect(spikes == [40, 41])
        let score = try #require(output.records[40].value.spikeScore)
        // Returns alternate ±0.0212% so σ ≈ 2.1e-4; the jump is +5.1%: a score near 240.
        #expect(score > 200 && score < 300)
        let header = output.records[40].value.headers.first { $0.name == "tickflow-spike-score" }
        #expect(header.map { Double(String(decoding: $0.value, as: UTF8.self)) } == score)
    }

    @Test func aStaleFeedIsCountedOncePerEpisodeInEventTime() throws {
        let metrics = TestMetrics()
        var configuration = TickProcessorConfiguration(stages: try StageSet(parsing: "validate,enrich"))
        configuration.validation.staleFactor = 10
        configuration.validation.staleMinimumNanos = s
        var processor = TickProcessor(configuration: configuration, instruments: F.master, metrics: metrics)
        var events: [MarketEvent] = []
        // AAPL ticks every 200 ms, then goes silent for 5 s while MSFT keeps the partition's clock moving.
        for index in 0..<10 { events.append(F.trade("AAPL", 189.40, 10, at: t0 + Int64(index) * 200 * ms)) }
        for index in 0..<50 { events.append(F.trade("MSFT", 415.10, 10, at: t0 + 2 * s + Int64(index) * 100 * ms)) }
        events.append(F.trade("AAPL", 189.45, 10, at: t0 + 7 * s))
        events.append(F.trade("AAPL", 189.46, 10, at: t0 + 7 * s + 200 * ms))
        let output = try F.run(&processor, events.map(TickInput.market))
        #expect(metrics.counterValue(TickProcessor.flagCounterLabel, [("flag", "STALE_FEED")]) == 1)
        let resumed = output.records.enumerated().filter { $0.element.value.flags.contains(.staleResumed) }.map(\.offset)
        #expect(resumed == [60])
    }
}
