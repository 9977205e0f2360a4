import Foundation
import Stream
import Testing
import TickFlowTestSupport

/// Faults injected into the mock cluster while records flow: nothing may be lost or duplicated.
///
/// The clients log librdkafka's producer and fetch debug lines into memory; a run that loses, duplicates or reorders
/// records prints them, so that a failure under load (which has not reproduced alone) says what the clients saw.
@Suite struct KafkaMockClusterTests {
    /// Produces `count` keyed records in batches, running `fault` after the first third.
    private func produceThrough(
        _ cluster: KafkaTestCluster, topic: String, count: Int, log: CapturedLog, fault: @Sendable () async throws -> Void
    ) async throws {
        let producer = try cluster.producer(logger: log.logger(label: "producer")) {
            $0.additionalProperties["retry.backoff.ms"] = "50"
            $0.additionalProperties["debug"] = "msg,eos"
        }
        let batch = 100
        for start in stride(from: 0, to: count, by: batch) {
            if start == count / 3 { try await fault() }
            try await producer.send(keyedRecords(topic: topic, keys: 12, count: batch, start: start))
        }
        try await producer.close()
    }

    /// Every record read, and how many the topic's partitions hold (their end offsets), which tells a record the
    /// producer lost from one the consumer skipped.
    private func readAll(
        _ cluster: KafkaTestCluster, topic: String, count: Int, log: CapturedLog
    ) async throws -> (records: [IncomingRecord], logged: Int64) {
        let consumer = try cluster.consumer(logger: log.logger(label: "consumer")) { $0.additionalProperties["debug"] = "fetch,cgrp" }
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

    private func expectExactlyOnceInOrder(_ read: (records: [IncomingRecord], logged: Int64), count: Int, log: CapturedLog) {
        let records = read.records
        var intact = records.count == count
        #expect(records.count == count, "the topic's partitions hold \(read.logged) records")
        for (key, sequences) in sequencesByKey(records) where sequences != Array(0..<(count / 12)) {
            intact = false
            let missing = Set(0..<(count / 12)).subtracting(sequences).sorted()
            Issue.record("key \(key): lost, duplicated or reordered (missing \(missing))")
        }
        if !intact {
            print("librdkafka's lines of the failed run:\n" + log.captured.map(\.description).joined(separator: "\n"))
        }
    }

    @Test func aBrokerDownMidStreamLosesNothing() async throws {
        let cluster = try KafkaTestCluster()
        let log = CapturedLog()
        let topic = try cluster.topic("broker-down", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000, log: log) {
            try cluster.mock.setBrokerDown(1)
            Task {
                try await Task.sleep(for: .seconds(1))
                try cluster.mock.setBrokerUp(1)
            }
        }
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000, log: log), count: 3_000, log: log)
    }

    @Test func injectedRequestErrorsAreRetried() async throws {
        let cluster = try KafkaTestCluster()
        let log = CapturedLog()
        let topic = try cluster.topic("request-errors", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000, log: log) {
            cluster.mock.pushRequestErrors(.produce, [
                .notLeaderForPartition, .requestTimedOut, .notEnoughReplicas, .notEnoughReplicasAfterAppend,
                .leaderNotAvailable,
            ])
        }
        cluster.mock.pushRequestErrors(.fetch, [.notLeaderForPartition, .requestTimedOut])
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000, log: log), count: 3_000, log: log)
    }

    @Test func aPartitionLeaderMovedMidStreamLosesNothing() async throws {
        let cluster = try KafkaTestCluster()
        let log = CapturedLog()
        let topic = try cluster.topic("leader-move", partitions: 3)
        try await produceThrough(cluster, topic: topic, count: 3_000, log: log) {
            for partition in Int32(0)..<3 {
                try cluster.mock.setPartitionLeader(topic: topic, partition: partition, brokerId: (partition + 1) % 3 + 1)
            }
        }
        expectExactlyOnceInOrder(try await readAll(cluster, topic: topic, count: 3_000, log: log), count: 3_000, log: log)
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
