import Foundation
import Stream
import Testing
import TickFlowTestSupport

@Suite struct KafkaConsumerTests {
    @Test func committedPositionsResumeWithNoLossAndNoDuplicates() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("resume", partitions: 3)
        let group = "resume-group"
        let producer = try cluster.producer()
        try await producer.send(keyedRecords(topic: topic, keys: 9, count: 900))

        // The first member processes part of the log, commits exactly what it processed, and then crashes
        // holding one more batch it read but never committed.
        let first = try cluster.consumer(group: group)
        try first.subscribe(topics: [topic])
        var processed = try await first.collect(300)
        try await first.commit(committablePositions(processed))
        let uncommitted = try await first.collect(50)
        #expect(uncommitted.count == 50)
        await first.close()

        let second = try cluster.consumer(group: group)
        try second.subscribe(topics: [topic])
        let rest = try await second.collect(600)
        try await second.commit(committablePositions(rest))
        processed += rest
        // Nothing beyond the 900 records: a short extra read must find nothing.
        let extra = try await second.collect(1, timeout: .seconds(2))
        await second.close()

        #expect(extra.isEmpty)
        #expect(processed.count == 900)
        let ids = Set(processed.map { "\($0.partition):\($0.offset)" })
        #expect(ids.count == 900, "no record processed twice")
        // The batch that was read but not committed was delivered again to the next member.
        let redelivered: Set<String> = Set(uncommitted.map { "\($0.partition):\($0.offset)" })
        let readAgain: Set<String> = Set(rest.map { "\($0.partition):\($0.offset)" })
        #expect(redelivered.isSubset(of: readAgain))
        for (_, sequences) in sequencesByKey(processed) { #expect(sequences == Array(0..<100)) }
    }

    @Test func recordsBehindIsWhatTheAssignedPartitionsHoldPastWhatWasDelivered() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("backlog", partitions: 2)
        let consumer = try cluster.consumer()
        #expect(consumer.recordsBehind() == 0, "nothing assigned")
        let producer = try cluster.producer()
        try await producer.send((0..<100).map { OutgoingRecord(topic: topic, value: [UInt8($0)], partition: Int32($0 % 2)) })
        try consumer.assign((0..<2).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaConsumer.beginning) })

        /// The backlog once it settles on `expected` (watermarks arrive with fetch responses), or the last one seen.
        func behind(settlingOn expected: Int) async throws -> Int {
            var behind = consumer.recordsBehind()
            for _ in 0..<150 where behind != expected {
                try await Task.sleep(for: .milliseconds(20))
                behind = consumer.recordsBehind()
            }
            return behind
        }
        #expect(try await consumer.collect(100).count == 100)
        #expect(try await behind(settlingOn: 0) == 0)
        // New records count as soon as a fetch has seen them, before they are delivered, in every partition.
        try await producer.send((0..<12).map { OutgoingRecord(topic: topic, value: [UInt8($0)], partition: Int32($0 % 2)) })
        #expect(try await behind(settlingOn: 12) == 12)
        #expect(try await consumer.collect(5).count == 5)
        #expect(try await behind(settlingOn: 7) == 7)
        await consumer.close()
    }

    @Test func aPausedPartitionDeliversNothingUntilResumed() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("pause", partitions: 2)
        let consumer = try cluster.consumer()
        try consumer.assign([
            TopicPartitionOffset(topic: topic, partition: 0, offset: KafkaConsumer.beginning),
            TopicPartitionOffset(topic: topic, partition: 1, offset: KafkaConsumer.beginning),
        ])
        try consumer.pause([TopicPartition(topic: topic, partition: 0)])
        let producer = try cluster.producer()
        try await producer.send((0..<20).map { OutgoingRecord(topic: topic, value: [UInt8($0)], partition: Int32($0 % 2)) })

        let whilePaused = try await consumer.collect(20, timeout: .seconds(3))
        #expect(whilePaused.count == 10)
        #expect(whilePaused.allSatisfy { $0.partition == 1 })

        try consumer.resume([TopicPartition(topic: topic, partition: 0)])
        let afterResume = try await consumer.collect(10)
        #expect(afterResume.count == 10)
        #expect(afterResume.allSatisfy { $0.partition == 0 })
        #expect(afterResume.map(\.offset) == Array(0..<10))
        await consumer.close()
    }

    @Test func seekRereadsFromTheGivenOffset() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("seek", partitions: 1)
        let producer = try cluster.producer()
        try await producer.send(keyedRecords(topic: topic, keys: 1, count: 50))
        let consumer = try cluster.consumer()
        try consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: KafkaConsumer.beginning)])
        let all = try await consumer.collect(50)
        #expect(all.map(\.offset) == Array(0..<50))

        try await consumer.seek([TopicPartitionOffset(topic: topic, partition: 0, offset: 42)])
        let again = try await consumer.collect(8)
        #expect(again.map(\.offset) == Array(42..<50))
        #expect(again.map { sequence(of: $0).sequence } == Array(42..<50))
        await consumer.close()
    }

    @Test func messagesIsAnAsyncSequenceOfSingleRecords() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("sequence", partitions: 1)
        let producer = try cluster.producer()
        try await producer.send(keyedRecords(topic: topic, keys: 1, count: 25))
        let consumer = try cluster.consumer()
        try consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: KafkaConsumer.beginning)])
        var sequences: [Int] = []
        for try await record in consumer.messages {
            sequences.append(sequence(of: record).sequence)
            if sequences.count == 25 { break }
        }
        #expect(sequences == Array(0..<25))
        await consumer.close()
        #expect(try await consumer.nextBatch(maxRecords: 10) == nil, "a closed consumer ends its sequences")
    }
}

@Suite struct KafkaAssignOnlyConsumerTests {
    @Test func aConsumerWithoutAGroupReadsAssignedPartitions() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("assign-only", partitions: 2)
        let producer = try cluster.producer()
        try await producer.send((0..<10).map { OutgoingRecord(topic: topic, value: [UInt8($0)], partition: Int32($0 % 2)) })
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers))
        try consumer.assign((0..<2).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaConsumer.beginning) })
        let records = try await consumer.collect(10)
        let values: [UInt8] = records.compactMap(\.value.first).sorted()
        #expect(values == Array(UInt8(0)..<10))
        await consumer.close()
    }
}
