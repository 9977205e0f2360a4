import Connectors
import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

@Suite struct IngestSinkTests {
    /// Reads every record of some topics from an in-process transport.
    static func readAll(_ transport: InProcessTransport, _ topics: [String], count: Int) async throws -> [IncomingRecord] {
        let consumer = try transport.makeConsumer(group: "check-\(UUID().uuidString)", topics: topics)
        var records: [IncomingRecord] = []
        while records.count < count, let batch = try await consumer.nextBatch(maxRecords: 1000) { records += batch }
        await consumer.close()
        return records
    }

    @Test func publishesEventsToTheirTopicsAndRejectsToTheDeadLetterTopic() async throws {
        let transport = InProcessTransport()
        let metrics = TestMetrics()
        var sink = IngestSink(producer: try transport.makeProducer(), metrics: metrics, clock: { 42 })
        var feed = try Fixtures.csvFeed(Fixtures.sample("trades-malformed.csv"), name: "trades-malformed.csv")
        let summary = try await Ingestor.run(&feed, into: &sink, options: .init(batchSize: 4))
        #expect(summary.events == 3)
        #expect(summary.rejects == 7)
        #expect(summary.rejectsByReason[.truncatedRecord] == 2)
        #expect(summary.firstRejects[.unknownSymbol] == ["trades-malformed.csv:line 7, byte 300: symbol \"ZZZZ\" is not in the instrument master"])

        let market = try await Self.readAll(transport, ["market-data.equities.us"], count: 3)
        let trades = try market.map { record -> Trade in
            guard case .trade(let trade) = try MarketEvent(serializedBytes: record.value) else { throw CancellationError() }
            #expect(record.key == Array(trade.instrumentId.utf8))
            #expect(record.timestampMillis == trade.eventTimeNanos / 1_000_000)
            return trade
        }
        #expect(Set(trades.map(\.sequence)) == [1, 7, 9])
        let letters = try await Self.readAll(transport, ["dlq.ingest"], count: 7).map { try DeadLetter(serializedBytes: $0.value) }
        let lines = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sample("trades-malformed.csv"))).split(separator: 10, omittingEmptySubsequences: false)
        #expect(letters.count == 7)
        for letter in letters {
            #expect(letter.stage == "ingest")
            #expect(letter.sourceTopic == "trades-malformed.csv")
            #expect(letter.failedAtNanos == 42)
            #expect(letter.payload == Array(lines[Int(letter.sourceOffset) - 1]))
        }
        let byLine = Dictionary(uniqueKeysWithValues: letters.map { ($0.sourceOffset, $0.reasonCode) })
        #expect(byLine == [3: "TRUNCATED_RECORD", 4: "INVALID_NUMBER", 5: "INVALID_PRICE", 6: "INVALID_TIMESTAMP", 7: "UNKNOWN_SYMBOL", 9: "INVALID_UTF8", 11: "TRUNCATED_RECORD"])
        #expect(metrics.counterValue("tickflow_ingest_rejects_total", [("reason", "TRUNCATED_RECORD")]) == 2)
        #expect(metrics.counterValue("tickflow_dead_letters_total", [("stage", "ingest"), ("reason", "INVALID_UTF8")]) == 1)
        #expect(metrics.counterValue("tickflow_ingest_events_total", [("topic", "market-data.equities.us")]) == 3)
    }

    @Test func aDryRunCountsButPublishesNothing() async throws {
        var sink = IngestSink(producer: nil, metrics: TestMetrics())
        #expect(!sink.publishes)
        var feed = try FIXFileFeed(path: Fixtures.sample("market.fix"), master: Fixtures.master, clock: Fixtures.clock)
        let summary = try await Ingestor.run(&feed, into: &sink)
        #expect(summary.eventsByType == ["quote": 3, "trade": 1, "fx": 1])
        #expect(summary.eventsByTopic == ["market-data.equities.us": 4, "market-data.fx": 1])
        #expect(summary.description.contains("market-data.fx: 1"))
    }

    @Test func limitsByCountAndPacesByRate() async throws {
        var sink = IngestSink(producer: nil, metrics: TestMetrics())
        var simulator = MarketSimulator(master: Fixtures.master, clock: Fixtures.clock)
        let summary = try await Ingestor.run(&simulator, into: &sink, options: .init(batchSize: 100, count: 1234))
        #expect(summary.events == 1234)
        var paced = MarketSimulator(master: Fixtures.master, clock: Fixtures.clock)
        var pacedSink = IngestSink(producer: nil, metrics: TestMetrics())
        let clock = ContinuousClock()
        let start = clock.now
        let pacedSummary = try await Ingestor.run(&paced, into: &pacedSink, options: .init(pacing: .itemsPerSecond(2000), count: 400))
        #expect(pacedSummary.events == 400)
        // 400 items at 2000/s cannot finish in less than 0.2 s minus the first batch.
        #expect(clock.now - start >= .milliseconds(190))
    }

    @Test func annotatedEventsCarryTheirHeaders() async throws {
        let transport = InProcessTransport()
        var sink = IngestSink(producer: try transport.makeProducer(), metrics: TestMetrics())
        var simulator = MarketSimulator(master: Fixtures.master, clock: Fixtures.clock)
        _ = try await Ingestor.run(&simulator, into: &sink, options: .init(count: 2000))
        let bonds = try await Self.readAll(transport, ["market-data.bonds.global"], count: 1)
        let yieldHeader = try #require(bonds.first?.header("tf-yield"))
        #expect(Double(String(decoding: yieldHeader, as: UTF8.self))! > 0)
    }
}
