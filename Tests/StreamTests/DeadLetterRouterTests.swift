import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct DeadLetterRouterTests {
    @Test func failuresGoToTheStageTopicAndAreCounted() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1))
        let metrics = TestMetrics()
        let router = DeadLetterRouter(producer: try transport.makeProducer(), metrics: metrics, now: { 1_234_000_000 })
        let dlq = try transport.consumer(group: "inspect", topics: ["dlq.validate"])
        let bad = IncomingRecord(
            topicPartition: TopicPartition(topic: "ticks", partition: 2), offset: 17, key: Array("AAPL".utf8), value: [1, 2, 3])

        try await router.route([SourceFailure(record: bad, reasonCode: "DECODE_ERROR", reason: "3 bytes")], stage: "validate")
        try await router.route(
            [Rejection(key: nil, position: SourcePosition(bad.topicPartition, offset: 17), reasonCode: "INVALID_PRICE", reason: "negative")],
            stage: "validate", originals: [bad])

        let records = try #require(try await dlq.nextBatch(maxRecords: 10))
        let letters = try records.map { try DeadLetter(serializedBytes: $0.value) }
        #expect(letters == [
            DeadLetter(
                stage: "validate", reasonCode: "DECODE_ERROR", reason: "3 bytes", sourceTopic: "ticks", sourcePartition: 2,
                sourceOffset: 17, key: Array("AAPL".utf8), payload: [1, 2, 3], failedAtNanos: 1_234_000_000),
            DeadLetter(
                stage: "validate", reasonCode: "INVALID_PRICE", reason: "negative", sourceTopic: "ticks", sourcePartition: 2,
                sourceOffset: 17, key: nil, payload: [1, 2, 3], failedAtNanos: 1_234_000_000),
        ])
        #expect(records.map(\.timestampMillis) == [1_234, 1_234])
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "validate"), ("reason", "DECODE_ERROR")]) == 1)
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "validate"), ("reason", "INVALID_PRICE")]) == 1)
    }
}
