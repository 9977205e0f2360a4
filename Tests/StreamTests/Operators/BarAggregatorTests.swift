import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct BarAggregatorTests {
    typealias F = TickFixtures
    let t0 = TickFixtures.t0, s = TickFixtures.second, ms = TickFixtures.millisecond

    @Test func aMinuteBarIsEmittedWhenTheWatermarkPassesItsEnd() throws {
        var processor = try F.processor { $0.intervals = [.oneMinute] }
        let trades: [(Double, Double, Int64)] = [(189.40, 100, 1), (189.60, 200, 20), (189.30, 50, 40), (189.50, 150, 59)]
        var output = try F.run(&processor, trades.map { .market(F.trade("AAPL", $0.0, $0.1, at: t0 + $0.2 * s)) }, finish: false)
        #expect(output.bars(.oneMinute).isEmpty)
        try processor.process(F.records([.market(F.trade("MSFT", 415.10, 10, at: t0 + 62 * s))], firstOffset: 4), into: &output)
        let bar = try #require(output.bars(.oneMinute).first)
        var turnover = 0.0
        for (price, quantity, _) in trades { turnover += price * quantity }
        let expected = Bar(
            instrumentId: F.instrument("AAPL").id, symbol: "AAPL", interval: .oneMinute, windowStartNanos: t0, open: 189.40, high: 189.60,
            low: 189.30, close: 189.50, volume: 500, vwap: turnover / 500, tradeCount: 4, currency: "USD", notionalBase: turnover,
            baseCurrency: "USD", revision: 0, eventTimeNanos: t0 + 59 * s, ingestTimeNanos: t0 + 59 * s + 150_000)
        #expect(bar == expected)
        #expect(bar.windowEndNanos == t0 + 60 * s)
        #expect(output.barOutputs(.oneMinute).first?.sessionVWAP == turnover / 500)
        // The decoded bar is the same: what a consumer of bars.1m reads.
        let decoded = try Bar(serializedBytes: try TickOutput(.bar(bar)).encoded())
        #expect(decoded == bar)

        try processor.finish(into: &output)
        #expect(output.bars(.oneMinute).map(\.symbol) == ["AAPL", "MSFT"])
    }

    @Test func aLateTradeWithinTheLatenessRevisesItsBarAndALaterOneGoesToDlqLate() throws {
        var processor = try F.processor {
            $0.intervals = [.oneSecond]
            $0.fillGaps = false
        }
        let output = try F.run(&processor, [
            .market(F.trade("AAPL", 189.40, 100, at: t0 + 500 * ms)),
            .market(F.trade("MSFT", 415.10, 10, at: t0 + 3_100 * ms)),
            .market(F.trade("AAPL", 189.45, 10, at: t0 + 800 * ms)),
            .market(F.trade("MSFT", 415.20, 10, at: t0 + 5_500 * ms)),
            .market(F.trade("AAPL", 189.50, 10, at: t0 + 1_200 * ms)),
        ])
        let aapl = output.bars(.oneSecond).filter { $0.symbol == "AAPL" }
        #expect(aapl.map(\.revision) == [0, 1])
        #expect(aapl.map(\.windowStartNanos) == [t0, t0])
        #expect(aapl.map(\.close) == [189.40, 189.45])
        #expect(aapl.map(\.volume) == [100, 110])
        #expect(aapl.map(\.tradeCount) == [1, 2])
        #expect(aapl[1].upsertKey == aapl[0].upsertKey)
        let late = try #require(output.rejections.first)
        #expect(output.rejections.count == 1)
        #expect(late.reasonCode == "LATE_EVENT" && late.deadLetterTopic == "dlq.late" && late.position?.offset == 4)
        #expect(output.bars(.oneSecond).filter { $0.symbol == "MSFT" }.map(\.windowStartNanos) == [t0 + 3 * s, t0 + 5 * s])
    }

    @Test func emptyWindowsBetweenTradesOfASparseInstrumentAreFilledFlat() throws {
        var processor = try F.processor { $0.intervals = [.oneMinute] }
        let output = try F.run(&processor, [
            .market(F.trade("AAPL-2030", 99.10, 1000, at: t0 + 10 * s)),
            .market(F.trade("AAPL-2030", 99.30, 2000, at: t0 + 185 * s)),
        ])
        let bars = output.bars(.oneMinute)
        #expect(bars.map(\.windowStartNanos) == [0, 1, 2, 3].map { t0 + $0 * 60 * s })
        #expect(bars.map(\.close) == [99.10, 99.10, 99.10, 99.30])
        #expect(bars.map(\.volume) == [1000, 0, 0, 2000])
        #expect(bars.map(\.tradeCount) == [1, 0, 0, 1])
        #expect(bars[1].open == 99.10 && bars[1].high == 99.10 && bars[1].low == 99.10 && bars[1].vwap == 99.10)
        let outputs = output.barOutputs(.oneMinute)
        #expect(outputs.map(\.flags) == [[], .interpolated, .interpolated, []])
        let sessionVWAP = outputs.map(\.sessionVWAP)
        #expect(sessionVWAP == [99.10, 99.10, 99.10, (99.10 * 1000 + 99.30 * 2000) / 3000])
    }

    @Test func aLateTradeThatChangesTheCloseBeforeAGapRevisesTheGapsBars() throws {
        var processor = try F.processor {
            $0.intervals = [.oneSecond]
            $0.latenessNanos = 5 * s
        }
        let output = try F.run(&processor, [
            .market(F.trade("AAPL-2030", 99.10, 10, at: t0 + 200 * ms)),
            .market(F.trade("AAPL-2030", 99.30, 10, at: t0 + 3_500 * ms)),
            // Moves the watermark to 3.2 s: the first three windows (one traded, two filled) are emitted.
            .market(F.trade("MSFT", 415.10, 10, at: t0 + 8_200 * ms)),
            // The last trade of the first window: its close and the gap's change.
            .market(F.trade("AAPL-2030", 99.20, 10, at: t0 + 900 * ms)),
            // Earlier in the first window: its open changes, not its close, so the gap stays.
            .market(F.trade("AAPL-2030", 99.00, 10, at: t0 + 100 * ms)),
            // Into the first filled window: a real bar now, whose close the second filled window carries.
            .market(F.trade("AAPL-2030", 98.00, 10, at: t0 + 1_500 * ms)),
        ])
        let outputs = output.records.compactMap { record -> (Bar, TickFlags)? in
            guard case .bar(let bar) = record.value.value, bar.symbol == "AAPL-2030" else { return nil }
            return (bar, record.value.flags)
        }
        let seen = outputs.map { "\(($0.0.windowStartNanos - t0) / s)/r\($0.0.revision) \($0.0.close)\($0.1.contains(.interpolated) ? " filled" : "")" }
        #expect(seen == [
            "0/r0 99.1", "1/r0 99.1 filled", "2/r0 99.1 filled",
            "0/r1 99.2", "1/r1 99.2 filled", "2/r1 99.2 filled",
            "0/r2 99.2",
            "1/r2 98.0", "2/r2 98.0 filled",
            "3/r0 99.3",
        ])
        let revised = try #require(outputs.last { $0.0.windowStartNanos == t0 + 2 * s }?.0)
        #expect([revised.open, revised.high, revised.low, revised.vwap] == [98.0, 98.0, 98.0, 98.0])
        #expect(revised.volume == 0 && revised.tradeCount == 0)
    }

    @Test func topOfBookTakesTheBestBidAndAskAcrossVenues() throws {
        var processor = try F.processor()
        let output = try F.run(&processor, [
            .market(F.quote("AAPL", bid: 189.40, ask: 189.42, venue: "XNAS", at: t0)),
            .market(F.quote("AAPL", bid: 189.41, ask: 189.43, venue: "ARCX", at: t0 + ms)),
            .market(F.quote("AAPL", bid: 189.50, ask: 189.45, venue: "BATS", at: t0 + 2 * ms)),
            .market(F.quote("AAPL", bid: 189.39, ask: 189.41, venue: "XNAS", at: t0 + 3 * ms)),
            .market(F.quote("AAPL", bid: 189.41, ask: 189.43, venue: "ARCX", at: t0 + 4 * ms)),
        ])
        let books = output.books
        #expect(books.map(\.bidPrice) == [189.40, 189.41, 189.41])
        #expect(books.map(\.bidVenue) == ["XNAS", "ARCX", "ARCX"])
        #expect(books.map(\.askPrice) == [189.42, 189.42, 189.41])
        #expect(books.map(\.askVenue) == ["XNAS", "XNAS", "XNAS"])
        #expect(books.last?.spread == 0 && books.last?.mid == 189.41)
        #expect(books.map(\.eventTimeNanos) == [t0, t0 + ms, t0 + 3 * ms])
        #expect(output.enriched.count == 5)
        #expect(output.records.filter { $0.value.topic == "market-data.top-of-book" }.count == 3)
    }

    @Test func anFXRateChangeInsideAWindowConvertsEachTradeAtItsOwnRate() throws {
        var processor = try F.processor { $0.intervals = [.oneMinute] }
        let output = try F.run(&processor, [
            .fx(F.fx("EUR", "USD", 1.08, at: t0)),
            .fx(F.fx("EUR", "USD", 1.10, at: t0 + 30 * s)),
            .fx(F.fx("EUR", "USD", 1.12, at: t0 + 70 * s)),
            .market(F.trade("DE10Y", 98.5, 1000, at: t0 + 10 * s)),
            .market(F.trade("DE10Y", 98.7, 1000, at: t0 + 40 * s)),
        ])
        #expect(output.enriched.map(\.fxRate) == [1.08, 1.10])
        let bar = try #require(output.bars(.oneMinute).first)
        #expect(bar.currency == "EUR" && bar.baseCurrency == "USD")
        #expect(bar.open == 98.5 && bar.close == 98.7 && bar.vwap == (98.5 * 1000 + 98.7 * 1000) / 2000)
        #expect(bar.notionalBase == 98.5 * 1000 * 1.08 + 98.7 * 1000 * 1.10)
    }

    @Test func theAggregateStageAloneReadsEnrichedTicksAndRefusesRawOnes() throws {
        var full = try F.processor { $0.intervals = [.oneSecond, .oneMinute] }
        let events: [TickInput] = (0..<30).map { .market(F.trade("MSFT", 415 + Double($0 % 7) / 10, Double(10 + $0), at: t0 + Int64($0) * 300 * ms)) }
        let reference = try F.run(&full, events)
        var aggregateOnly = try F.processor("aggregate") { $0.intervals = [.oneSecond, .oneMinute] }
        let output = try F.run(&aggregateOnly, reference.enriched.map(TickInput.enriched) + [events[0]])
        #expect(output.bars(.oneSecond) == reference.bars(.oneSecond))
        #expect(output.bars(.oneMinute) == reference.bars(.oneMinute))
        #expect(output.rejections.map(\.reasonCode) == ["UNEXPECTED_INPUT"])
    }
}
