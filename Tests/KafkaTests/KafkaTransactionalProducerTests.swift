import Foundation
import Stream
import Testing
import TickFlowTestSupport

/// Transactions against librdkafka's mock cluster. The mock implements the transaction protocol
/// (InitProducerId with epochs, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn) but writes no
/// commit/abort markers, keeps no transactional offsets and (in 2.0.2) does not fence older epochs, so what is
/// checked here is the client side: the protocol round trips, aborts, and retries of coordinator errors.
@Suite struct KafkaTransactionalProducerTests {
    private func transactionalProducer(_ cluster: KafkaTestCluster, id: String) async throws -> KafkaTransactionalProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.transactionalId = id
        configuration.lingerMillis = 1
        let producer = try KafkaTransactionalProducer(configuration: configuration)
        try await producer.initTransactions()
        return producer
    }

    @Test func aReadProcessWriteLoopCommitsOutputsWithTheInputOffsets() async throws {
        let cluster = try KafkaTestCluster()
        let input = try cluster.topic("txn-in", partitions: 1)
        let output = try cluster.topic("txn-out", partitions: 1)
        let source = try cluster.producer()
        try await source.send(keyedRecords(topic: input, keys: 1, count: 30))
        try await source.close()

        let consumer = try cluster.consumer(group: "read-process-write")
        try consumer.subscribe(topics: [input])
        let producer = try await transactionalProducer(cluster, id: "rpw-stage")
        var processed = 0
        while processed < 30 {
            let batch = try await consumer.collect(10)
            try #require(batch.count == 10)
            let offsets = try await producer.withTransaction { txn in
                let written = try await txn.producer.deliver(
                    batch.map { OutgoingRecord(topic: output, key: $0.key, value: $0.value.reversed()) })
                try await txn.sendOffsetsToTransaction(committablePositions(batch), groupMetadata: try consumer.groupMetadata())
                return written
            }
            #expect(offsets.map(\.offset) == Array(Int64(processed)..<Int64(processed + 10)))
            processed += batch.count
        }
        await consumer.close()
        try await producer.close()

        let reader = try cluster.consumer()
        try reader.subscribe(topics: [output])
        let written = try await reader.collect(30)
        #expect(written.map { String(decoding: $0.value.reversed(), as: UTF8.self) }
            == keyedRecords(topic: input, keys: 1, count: 30).map { String(decoding: $0.value, as: UTF8.self) })
        await reader.close()
    }

    @Test func withTransactionAbortsAndRethrowsWhenTheBodyFails() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("txn-abort", partitions: 3)
        let producer = try await transactionalProducer(cluster, id: "abort-on-error")
        struct Rollback: Error {}
        await #expect(throws: Rollback.self) {
            try await producer.withTransaction { txn in
                try await txn.send(keyedRecords(topic: topic, keys: 5, count: 25))
                throw Rollback()
            }
        }
        // The abort left the producer ready for the next transaction.
        let count = try await producer.withTransaction { txn in
            try await txn.producer.deliver(keyedRecords(topic: topic, keys: 5, count: 30, start: 25)).count
        }
        #expect(count == 30)
        try await producer.close()
    }

    @Test func coordinatorErrorsDuringCommitAreRetried() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("txn-retry", partitions: 1)
        let producer = try await transactionalProducer(cluster, id: "retrying-stage")
        cluster.mock.pushRequestErrors(.endTxn, [.coordinatorLoadInProgress, .coordinatorNotAvailable])
        cluster.mock.pushRequestErrors(.addPartitionsToTxn, [.coordinatorLoadInProgress])
        let count = try await producer.withTransaction { txn in
            try await txn.producer.deliver(keyedRecords(topic: topic, keys: 1, count: 10)).count
        }
        #expect(count == 10)
        try await producer.close()
    }

    @Test func aTransactionalProducerNeedsAnId() {
        let error = #expect(throws: StreamError.self) {
            try KafkaTransactionalProducer(configuration: KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1"))
        }
        #expect(error?.code == .configuration)
    }
}
