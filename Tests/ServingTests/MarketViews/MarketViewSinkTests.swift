import Model
import Serving
import Stream
import Testing
import TickFlowTestSupport

@Suite struct MarketViewSinkTests {
    /// The view topics of one test run, three partitions each, in process.
    static func transport() throws -> InProcessTransport {
        let transport = InProcessTransport(configuration: InProcessTransportConfiguration(defaultPartitionCount: 3, partitionCapacity: 10_000))
        for topic in MarketViewUpdate.topics + ["dlq.views"] { try transport.declareTopic(topic, partitions: 3) }
        return transport
    }

    static func record(_ topic: String, _ key: String, _ value: some ProtobufRepresentable) throws -> OutgoingRecord {
        OutgoingRecord(topic: topic, key: Array(key.utf8), value: try value.serializedBytes())
    }

    /// An afternoon of Apple and Siemens: quotes (inside enriched ticks, with trades between), tops of book,
    /// bars with a late revision, a risk update and an anomaly.
    static func stream() throws -> [OutgoingRecord] {
        var records: [OutgoingRecord] = []
        for step in 0..<40 {
            let offset = Int64(step) * 1_000_000_000
            let bid = 189.40 + Double(step % 7) / 100
            let quote = Views.quote(bid: bid, ask: bid + 0.03, at: offset)
            records.append(try record("market-data.enriched", Views.aapl, EnrichedTick(
                event: .quote(quote), baseCurrency: "USD", fxRate: 1, priceBase: quote.mid, notionalBase: 0, assetClass: .equity,
                sector: "Technology", region: "North America", ingestTimeNanos: quote.ingestTimeNanos)))
            let trade = Trade(instrumentId: Views.aapl, symbol: "AAPL", price: bid + 0.01, quantity: 100, currency: "USD",
                              eventTimeNanos: Views.open + offset + 1, ingestTimeNanos: Views.open + offset + 2)
            records.append(try record("market-data.enriched", Views.aapl, EnrichedTick(
                event: .trade(trade), baseCurrency: "USD", fxRate: 1, priceBase: trade.price, notionalBase: trade.price * 100,
                assetClass: .equity, sector: "Technology", region: "North America", ingestTimeNanos: trade.ingestTimeNanos)))
            records.append(try record("market-data.top-of-book", step % 2 == 0 ? Views.aapl : Views.sie,
                                      Views.book(step % 2 == 0 ? Views.aapl : Views.sie, bid: bid, ask: bid + 0.02, at: offset)))
        }
        records += try (0..<3).map { try record("bars.1m", Views.aapl, Views.bar(minute: $0, close: 189.5 + Double($0) / 10)) }
        records.append(try record("bars.1m", Views.aapl, Views.bar(minute: 1, close: 189.75, revision: 1)))
        records.append(try record("analytics.risk", "pf-demo", Views.risk("pf-demo", .valueAtRisk, .parametric, confidence: 0.99, value: 48_250, at: 40)))
        records.append(try record("analytics.anomalies", Views.sie, Views.anomaly(Views.sie, score: 0.93, at: 39)))
        return records
    }

    /// What the views must hold after ``stream()``.
    static func expectViewsHoldTheStream(_ store: any MarketViewStore) async throws {
        let quotes = try await store.quotes([Views.aapl])
        #expect(quotes == [Views.quote(bid: 189.40 + Double(39 % 7) / 100, ask: 189.40 + Double(39 % 7) / 100 + 0.03, at: 39_000_000_000)])
        let books = try await store.topsOfBook([Views.aapl, Views.sie])
        #expect(books.map(\.eventTimeNanos) == [Views.open + 38_000_000_000, Views.open + 39_000_000_000])
        let bars = try await store.bars(Views.aapl, interval: .oneMinute, fromNanos: 0, toNanos: .max)
        #expect(bars.map(\.close) == [189.5, 189.75, 189.7])
        #expect(try await store.riskMetrics(portfolioId: "pf-demo").map(\.value) == [48_250])
        #expect(try await store.anomalies(instrumentId: nil, limit: 10).map(\.score) == [0.93])
    }

    @Test func theViewsFollowTheStreamAndAPoisonRecordGoesToTheDeadLetterTopic() async throws {
        let transport = try Self.transport()
        var records = try Self.stream()
        // Poison in the middle: bytes that are no TopOfBook, and a bar whose close is NaN.
        records.insert(OutgoingRecord(topic: "market-data.top-of-book", key: Array(Views.aapl.utf8), value: [0xFF, 0x01, 0x02]), at: 50)
        var nan = Views.bar(minute: 7, close: .nan)
        nan.symbol = "AAPL"
        records.insert(try Self.record("bars.1m", Views.aapl, nan), at: 90)
        try await transport.makeProducer().send(records)
        for topic in MarketViewUpdate.topics { transport.seal(topic: topic) }

        let store = InMemoryMarketViewStore()
        let metrics = TestMetrics()
        let sink = MarketViewSink(
            store: store, consumer: try transport.makeConsumer(group: "views", topics: MarketViewUpdate.topics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer(), metrics: metrics),
            configuration: .init(maxBatch: 16), metrics: StageMetrics(stage: "views", factory: metrics))
        try await sink.run()

        try await Self.expectViewsHoldTheStream(store)
        #expect(await sink.recordsRejected == 2)
        #expect(await sink.updatesApplied == records.count - 2 - 40, "every record but the poison and the 40 enriched trades")
        // The stage's throughput and lag, as every stage reports them.
        #expect(metrics.counterValue(StageMetrics.recordsLabel, [("stage", "views")]) == Int64(records.count))
        #expect(metrics.counterValue(StageMetrics.outputsLabel, [("stage", "views")]) == Int64(records.count - 2 - 40))
        #expect(metrics.recordedValue(StageMetrics.lagRecordsLabel, [("stage", "views")]) == 0, "everything read")
        let eventLag = try #require(metrics.recordedValue(StageMetrics.eventLagLabel, [("stage", "views")]))
        #expect(eventLag > 0, "the views trail the wall clock by the fixture's event times")

        let letters = try transport.makeConsumer(group: "dlq-reader", topics: ["dlq.views"])
        transport.seal(topic: "dlq.views")
        var dead: [DeadLetter] = []
        while let batch = try await letters.nextBatch(maxRecords: 100) { dead += try batch.map { try DeadLetter(serializedBytes: $0.value) } }
        #expect(dead.map(\.sourceTopic).sorted() == ["bars.1m", "market-data.top-of-book"])
        #expect(dead.allSatisfy { $0.reasonCode == "UNDECODABLE" })
        let reasons = dead.map(\.reason)
        #expect(reasons.contains { $0.hasPrefix("bars.1m[") && $0.contains("must be finite") }, "\(reasons)")
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "views"), ("reason", "UNDECODABLE")]) == 2)
    }

    @Test func aRedisOutageHoldsTheViewsBackButLosesNothing() async throws {
        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2, reconnectInterval: .milliseconds(20)))
        defer { pool.close() }
        let store = RedisMarketViewStore(pool: pool)
        let transport = try Self.transport()
        let sink = MarketViewSink(
            store: store, consumer: try transport.makeConsumer(group: "views", topics: MarketViewUpdate.topics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), configuration: .init(maxBatch: 32, retryDelay: .milliseconds(20)))
        try server.stop()
        let running = Task { try await sink.run() }

        let records = try Self.stream()
        let producer = try transport.makeProducer()
        try await producer.send(Array(records.prefix(60)))
        while await sink.storeOutages < 3 { try await Task.sleep(for: .milliseconds(10)) }
        try server.start()
        try await producer.send(Array(records.dropFirst(60)))
        for topic in MarketViewUpdate.topics { transport.seal(topic: topic) }
        try await running.value

        try await Self.expectViewsHoldTheStream(store)
        #expect(await sink.recordsRejected == 0)
    }
}
