import Foundation
import Stream
import Testing
import TickFlowTestSupport

/// Faults injected into the mock cluster while records flow: nothing may be lost or duplicated.
@Suite struct KafkaMockClusterTests {
    /// Produces `count` keyed records in batches, running `fault` after the first third.
    private func produceThrough(
        _ cluster: KafkaTestCluster, topic: String, count: Int, fault: @Sendable () async throws -> Void
    ) async throws {
        let producer = try cluster.producer { $0.additionalProperties["retry.backoff.ms"] = "50" }
        let batch = 100
        for start in stride(from: 0, to: count, by: batch) {
            if start == count / 3 { try await fault() }
            try await producer.send(keyedRecords(topic: topic, keys: 12, count: batch, start: start))
        }
        try await producer.close()
    }

    /// Every record read, and how many the topic's partitions hold (their end offsets), which tells a record the
    /// producer lost from one the consumer skipped.
    private func readAll(_ cluster: KafkaTestCluster, topic: String, count: Int) async throws -> (records: [IncomingRecord], logged: Int64) {
        let consumer = try cluster.consumer()
        try consumer.subscribe(topics: [topic])
        // Generous: under the full suite's load, fetches failing by injection took over a minute to deliver
        // everything; a passing run returns as soon as all records are in.
        let records = try await consumer.collect(count, timeout: .seconds(180))
        let extra = try await consumer.collect(1, timeout: .seconds(1))
        let partitions = Set(records.map(\.topicPartition)).union((0..<3).map { TopicPartition(topic: topic, partition: $0) })
        let logged = try await consumer.endOffsets(Array(partitions)).reduce(0) { $0 + $1.offset }
        await consumer.close()
        return (records + extra, logged)
    }

    private func expectExactlyOnceInOrder(_ read: (records: [IncomingRecord], logged: Int64), count: Int) {
        let records = read.records
        #expect(records.count == count, "the topic's partitions hold \(read.logged) records")
        for (key, sequences) in sequencesByKey(records) {
            #expect(sequences == Array(0..<(count / 12)), "key \(key): lost, duplicated or reordered")
        }
    }

    @Test func aBrokerDownMidStreamLosesNothing() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("broker-down", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000) {
            try cluster.mock.setBrokerDown(1)
            Task {
                try await Task.sleep(for: .seconds(1))
                try cluster.mock.setBrokerUp(1)
            }
        }
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000), count: 3_000)
    }

    @Test func injectedRequestErrorsAreRetried() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("request-errors", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000) {
            cluster.mock.pushRequestErrors(.produce, [
                .notLeaderForPartition, .requestTimedOut, .notEnoughReplicas, .notEnoughReplicasAfterAppend,
                .leaderNotAvailable,
            ])
        }
        cluster.mock.pushRequestErrors(.fetch, [.notLeaderForPartition, .requestTimedOut])
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000), count: 3_000)
    }

    @Test func aPartitionLeaderMovedMidStreamLosesNothing() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("leader-move", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000) {
            for partition in Int32(0)..<3 {
                try cluster.mock.setPartitionLeader(topic: topic, partition: partition, brokerId: (partition + 1) % 3 + 1)
            }
        }
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000), count: 3_000)
    }

    @Test func metadataShowsTheTopicsPartitionsAndReplicas() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("metadata", partitions: 4, replicationFactor: 3)
        let admin = try KafkaAdmin(bootstrapServers: cluster.bootstrapServers)
        let described = try #require(try await admin.topics().first { $0.name == topic })
        #expect(described.partitions.map(\.id) == [0, 1, 2, 3])
        #expect(described.replicationFactor == 3)
        #expect(described.partitions.allSatisfy { (1...3).contains($0.leader) })
    }
}
