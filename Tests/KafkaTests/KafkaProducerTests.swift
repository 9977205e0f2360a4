import Foundation
import Stream
import Testing
import TickFlowTestSupport

@Suite struct KafkaProducerTests {
    @Test func keyedRecordsKeepTheirOrderPerKeyAcrossPartitions() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("ordered", partitions: 6)
        let producer = try cluster.producer()
        let records = keyedRecords(topic: topic, keys: 40, count: 4_000)
        let offsets = try await producer.deliver(records)
        #expect(offsets.count == 4_000)
        try await producer.close()

        let consumer = try cluster.consumer()
        try consumer.subscribe(topics: [topic])
        let received = try await consumer.collect(4_000)
        await consumer.close()

        #expect(received.count == 4_000)
        for (key, sequences) in sequencesByKey(received) {
            #expect(sequences == Array(0..<100), "key \(key) arrived out of order")
        }
        // One instrument, one partition: every record of a key sits on the same partition.
        let partitionsPerKey = Dictionary(grouping: received, by: { sequence(of: $0).key }).mapValues {
            Set($0.map(\.partition))
        }
        #expect(partitionsPerKey.values.allSatisfy { $0.count == 1 })
        #expect(Set(received.map(\.partition)).count == 6, "40 keys should spread over all 6 partitions")
    }

    @Test func keysLandOnThePartitionTheInProcessPartitionerPicks() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("murmur2", partitions: 6)
        let producer = try cluster.producer()
        let records = (0..<200).map { OutgoingRecord(topic: topic, key: Array("instrument-\($0)".utf8), value: [1]) }
        let offsets = try await producer.deliver(records)
        for (record, position) in zip(records, offsets) {
            let expected = KeyPartitioner.partition(forKey: record.key ?? [], partitionCount: 6)
            #expect(position.partition == expected, "key \(String(decoding: record.key ?? [], as: UTF8.self))")
        }
        try await producer.close()
    }

    @Test func deliverReturnsTheOffsetEachRecordWasWrittenAt() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("offsets", partitions: 1)
        let producer = try cluster.producer()
        let first = try await producer.deliver(keyedRecords(topic: topic, keys: 1, count: 5))
        let second = try await producer.deliver(keyedRecords(topic: topic, keys: 1, count: 3, start: 5))
        #expect(first.map(\.offset) == [0, 1, 2, 3, 4])
        #expect(second.map(\.offset) == [5, 6, 7])
        #expect(Set(first.map(\.topic)) == [topic])
        try await producer.close()
    }

    @Test func overlappingEnqueuesKeepTheirOrderAndEachGetsItsOwnOffsets() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("pipelined", partitions: 1)
        let producer = try cluster.producer()
        // Three batches handed over before any acknowledgement is awaited, then awaited last-first.
        var pending: [KafkaProducer.PendingDelivery] = []
        for batch in 0..<3 {
            pending.append(try await producer.enqueue(keyedRecords(topic: topic, keys: 1, count: 4, start: batch * 4)))
        }
        var offsets: [[Int64]] = []
        for delivery in pending.reversed() { offsets.insert(try await producer.delivered(delivery).map(\.offset), at: 0) }
        #expect(offsets == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]])
        // A second wait for the same delivery is an error, not a wait for reports that will never come.
        let error = await #expect(throws: StreamError.self) { try await producer.delivered(pending[0]) }
        #expect(error?.code == .internal)
        try await producer.close()
    }

    @Test func headersAndTimestampsTravelWithTheRecord() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("headers", partitions: 1)
        let producer = try cluster.producer()
        let record = OutgoingRecord(
            topic: topic, key: Array("AAPL".utf8), value: Array("189.43".utf8),
            headers: [RecordHeader(name: "source", text: "sim"), RecordHeader(name: "schema", text: "tickflow.v1.Trade")],
            timestampMillis: 1_763_700_000_123)
        try await producer.send([record])
        try await producer.close()

        let consumer = try cluster.consumer()
        try consumer.assign([TopicPartitionOffset(topic: topic, partition: 0, offset: KafkaConsumer.beginning)])
        let received = try #require(try await consumer.collect(1).first)
        #expect(received.key == Array("AAPL".utf8))
        #expect(received.value == Array("189.43".utf8))
        #expect(received.header("source") == Array("sim".utf8))
        #expect(received.header("schema") == Array("tickflow.v1.Trade".utf8))
        #expect(received.timestampMillis == 1_763_700_000_123)
        await consumer.close()
    }

    @Test func aFullQueueMakesSendWaitAndNothingIsDropped() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("backpressure", partitions: 3)
        let producer = try cluster.producer { $0.maxQueuedMessages = 100 }
        let offsets = try await producer.deliver(keyedRecords(topic: topic, keys: 10, count: 5_000))
        #expect(offsets.count == 5_000)
        #expect(producer.backpressureWaits > 0, "5,000 records through a 100-record queue must have waited")
        #expect(Set(offsets).count == 5_000, "every record has its own offset")
        try await producer.close()

        let consumer = try cluster.consumer()
        try consumer.subscribe(topics: [topic])
        let received = try await consumer.collect(5_000)
        #expect(received.count == 5_000)
        await consumer.close()
    }

    @Test func aDeliveryFailureIsATypedError() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("failure", partitions: 3)
        let producer = try cluster.producer()
        let error = await #expect(throws: StreamError.self) {
            try await producer.send([OutgoingRecord(topic: topic, value: [1, 2, 3], partition: 7)])
        }
        #expect(error?.code == .delivery)
        #expect(error?.kafkaErrorCode == -190, "librdkafka's _UNKNOWN_PARTITION")
        #expect(error?.message.contains("\(topic)") == true)
        try await producer.close()
    }

    @Test func sendAfterCloseIsRefused() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("closed", partitions: 1)
        let producer = try cluster.producer()
        try await producer.close()
        let error = await #expect(throws: StreamError.self) {
            try await producer.send([OutgoingRecord(topic: topic, value: [1])])
        }
        #expect(error?.code == .closed)
    }

    @Test func anUnknownPropertyIsRejectedWithItsName() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.additionalProperties = ["no.such.property": "1"]
        let error = #expect(throws: StreamError.self) { try KafkaProducer(configuration: configuration) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("no.such.property") == true)
    }

    @Test func clientsSendWithoutNagleUnlessToldOtherwise() {
        var producer = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        var consumer = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:1")
        #expect(producer.properties["socket.nagle.disable"] == "true")
        #expect(consumer.properties["socket.nagle.disable"] == "true")
        producer.noDelay = false
        consumer.noDelay = false
        #expect(producer.properties["socket.nagle.disable"] == "false")
        #expect(consumer.properties["socket.nagle.disable"] == "false")
    }
}
