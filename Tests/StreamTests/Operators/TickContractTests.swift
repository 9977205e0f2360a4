import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct TickContractTests {
    typealias F = TickFixtures

    @Test func inputsDecodeByTopicAndMalformedBytesNameTheTopic() throws {
        let trade = F.trade("AAPL", 189.40, 100, at: F.t0)
        let decoded = try TickInput(topic: "market-data.equities.us", bytes: try trade.serializedBytes())
        #expect(decoded == .market(trade))
        let rate = F.fx("EUR", "USD", 1.08, at: F.t0)
        #expect(try TickInput(topic: "market-data.fx", bytes: try rate.serializedBytes()) == .fx(rate))
        #expect(TickInput.isBroadcast(topic: "market-data.fx") && !TickInput.isBroadcast(topic: "market-data.bonds.global"))

        for topic in ["market-data.bonds.global", "market-data.fx", "market-data.enriched"] {
            let error = try #require(throws: StreamError.self) { try TickInput(topic: topic, bytes: [0xFF, 0x01, 0x02]) }
            #expect(error.code == .decoding)
            #expect(error.message.contains(topic))
        }
        let unknown = try #require(throws: StreamError.self) { try TickInput(topic: "news.raw", bytes: []) }
        #expect(unknown.message.contains("news.raw"))
    }

    @Test func outputsGoToTheirTopicsWithFlagHeaders() throws {
        var processor = try F.processor { $0.intervals = [.oneMinute, .fiveMinutes] }
        let output = try F.run(&processor, [
            .market(F.quote("AAPL", bid: 189.45, ask: 189.43, at: F.t0)),
            .market(F.trade("AAPL", 189.44, 100, at: F.t0 + F.second)),
        ])
        let topics = output.records.map(\.value.topic)
        #expect(topics == ["market-data.enriched", "market-data.enriched", "bars.1m", "bars.5m"])
        #expect(output.records[0].value.headers == [RecordHeader(name: "tickflow-flags", text: "crossed")])
        #expect(output.records.allSatisfy { $0.key == Array(F.instrument("AAPL").id.utf8) })
        let enriched = try EnrichedTick(serializedBytes: try output.records[1].value.encoded())
        #expect(enriched == output.enriched[1])
        let header = output.records[2].value.headers.first { $0.name == "tickflow-session-vwap" }
        #expect(header.map { String(decoding: $0.value, as: UTF8.self) } == "189.44")
    }

    @Test func stageSelectionsParseAndNonsenseIsRefused() throws {
        #expect(try StageSet(parsing: "validate,enrich,aggregate") == .all)
        #expect(try StageSet(parsing: "aggregate, enrich").stages == [.enrich, .aggregate])
        #expect(try StageSet(parsing: "aggregate").inputTopics == ["market-data.enriched"])
        #expect(try StageSet(parsing: "enrich").inputTopics.contains("market-data.fx"))
        for text in ["validate", "validate,aggregate", "", "validate,frobnicate"] {
            let error = try #require(throws: StreamError.self) { try StageSet(parsing: text) }
            #expect(error.code == .configuration)
        }
        var configuration = TickProcessorConfiguration()
        configuration.baseCurrency = "usd"
        #expect(throws: StreamError.self) { try configuration.validate() }
    }

    @Test func lateRejectionsGoToTheirOverrideTopicAndAreCounted() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1))
        let metrics = TestMetrics()
        let router = DeadLetterRouter(producer: try transport.makeProducer(), metrics: metrics, now: { 5_000_000 })
        let late = try transport.consumer(group: "late", topics: ["dlq.late"])
        let stream = try transport.consumer(group: "stream", topics: ["dlq.stream"])
        let position = SourcePosition(TopicPartition(topic: "market-data.equities.us", partition: 0), offset: 9)
        try await router.route(
            [
                Rejection(key: [1], position: position, reasonCode: "LATE_EVENT", reason: "late", payload: [7], deadLetterTopic: "dlq.late"),
                Rejection(key: [2], position: position, reasonCode: "INVALID_PRICE", reason: "zero", payload: [8]),
            ], stage: "stream")
        let lateLetters = try #require(try await late.nextBatch(maxRecords: 10)).map { try DeadLetter(serializedBytes: $0.value) }
        let streamLetters = try #require(try await stream.nextBatch(maxRecords: 10)).map { try DeadLetter(serializedBytes: $0.value) }
        #expect(lateLetters.map(\.reasonCode) == ["LATE_EVENT"] && lateLetters.map(\.payload) == [[7]])
        #expect(streamLetters.map(\.reasonCode) == ["INVALID_PRICE"])
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "stream"), ("reason", "LATE_EVENT")]) == 1)
    }
}
