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

    /// In a batch from two partitions, each rejection without a payload carries the bytes of the record at its
    /// own position; one with a payload keeps it, one whose position was not read carries none.
    @Test func eachRejectionCarriesTheBytesReadAtItsPosition() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1))
        let router = DeadLetterRouter(producer: try transport.makeProducer(), now: { 5_000_000 })
        let dlq = try transport.consumer(group: "inspect", topics: ["dlq.stream"])
        let partitions = [TopicPartition(topic: "ticks", partition: 0), TopicPartition(topic: "ticks", partition: 1)]
        // The same offsets in both partitions: only partition and offset together find the record.
        let originals = (0..<200).map { (index: Int) -> IncomingRecord in
            let partition = index % 2, offset = index / 2
            return IncomingRecord(
                topicPartition: partitions[partition], offset: Int64(offset), key: nil, value: [UInt8(partition), UInt8(offset)])
        }
        func rejection(_ partition: Int, _ offset: Int64, payload: [UInt8]? = nil) -> Rejection {
            Rejection(key: nil, position: SourcePosition(partitions[partition], offset: offset), reasonCode: "STALE", reason: "r", payload: payload)
        }
        try await router.route(
            [rejection(1, 99), rejection(0, 0), rejection(1, 0), rejection(0, 42, payload: [9, 9]), rejection(0, 500), rejection(0, 73)],
            stage: "stream", originals: originals)

        let letters = try #require(try await dlq.nextBatch(maxRecords: 10)).map { try DeadLetter(serializedBytes: $0.value) }
        #expect(letters.map(\.payload) == [[1, 99], [0, 0], [1, 0], [9, 9], [], [0, 73]])
        #expect(letters.map(\.sourcePartition) == [1, 0, 1, 0, 0, 0])
        #expect(letters.map(\.sourceOffset) == [99, 0, 0, 42, 500, 73])
    }
}
