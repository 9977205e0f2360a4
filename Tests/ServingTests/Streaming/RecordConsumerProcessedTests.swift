import Stream
import Testing

@testable import Serving

/// Committing a processed batch: the offset after each partition's last record; a consumer closed by a graceful
/// shutdown while the batch was applied is the end of the run, not an error.
@Suite struct RecordConsumerProcessedTests {
    @Test func commitsTheOffsetAfterEachPartitionsLastRecordAndToleratesAClosedConsumer() async throws {
        let transport = InProcessTransport(configuration: InProcessTransportConfiguration(defaultPartitionCount: 2))
        try transport.declareTopic("views.test", partitions: 2)
        let producer = try transport.makeProducer()
        try await producer.send((0..<6).map { OutgoingRecord(topic: "views.test", key: Array("k\($0 % 3)".utf8), value: [UInt8($0)]) })
        let consumer = try transport.makeConsumer(group: "views", topics: ["views.test"])
        var batch: [IncomingRecord] = []
        while batch.count < 6, let next = try await consumer.nextBatch(maxRecords: 10) { batch += next }

        #expect(try await consumer.commitProcessed(batch))
        let committed = transport.committedOffsets(group: "views")
        let ends = transport.endOffsets(of: "views.test")
        #expect(ends.reduce(0, +) == 6)
        for (partition, end) in ends.enumerated() where end > 0 {
            #expect(committed[TopicPartition(topic: "views.test", partition: Int32(partition))] == end)
        }

        await consumer.close()
        #expect(try await consumer.commitProcessed(batch) == false, "closed: nothing committed, no error")
    }
}
