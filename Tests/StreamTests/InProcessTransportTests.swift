import Synchronization
import Testing

@testable import Stream

@Suite struct InProcessTransportTests {
    /// Reads until `count` records have arrived (never calling `nextBatch` when nothing more can come).
    private func read(_ consumer: InProcessConsumer, count: Int) async throws -> [IncomingRecord] {
        var records: [IncomingRecord] = []
        while records.count < count {
            guard let batch = try await consumer.nextBatch(maxRecords: count - records.count) else { break }
            records += batch
        }
        return records
    }

    @Test func producerWaitsAtTheBoundAndResumesAfterTheCommit() async throws {
        let (events, eventSink) = AsyncStream.makeStream(of: InProcessTransportEvent.self)
        let transport = InProcessTransport(
            configuration: .init(defaultPartitionCount: 1, partitionCapacity: 4, observer: { eventSink.yield($0) }))
        let consumer = try transport.consumer(group: "g", topics: ["bp"])
        let producer = try transport.makeProducer()
        let log = Mutex<[String]>([])

        let sending = Task {
            try await producer.send((0..<6).map { OutgoingRecord(topic: "bp", value: [UInt8($0)]) })
            log.withLock { $0.append("send returned") }
        }
        let partition = TopicPartition(topic: "bp", partition: 0)
        for await event in events where event == .producerBlocked(partition) { break }
        log.withLock { $0.append("producer blocked") }
        #expect(transport.endOffsets(of: "bp") == [4])

        let batch = try #require(try await consumer.nextBatch(maxRecords: 10))
        #expect(batch.map(\.offset) == [0, 1, 2, 3])
        log.withLock { $0.append("commit") }
        try await consumer.commit([TopicPartitionOffset(partition, offset: 2)])
        try await sending.value

        #expect(log.withLock { $0 } == ["producer blocked", "commit", "send returned"])
        #expect(transport.endOffsets(of: "bp") == [6])
        #expect(try await read(consumer, count: 2).map(\.value) == [[4], [5]])
    }

    @Test func recordsOfOneKeyStayOnItsPartitionInOrder() async throws {
        let transport = InProcessTransport()
        try transport.declareTopic("ticks", partitions: 3)
        let producer = try transport.makeProducer()
        let consumer = try transport.consumer(group: "g", topics: ["ticks"])
        for chunk in stride(from: 0, to: 300, by: 50) {
            try await producer.send(Ticks.records(chunk..<(chunk + 50), topic: "ticks", instruments: 7))
        }

        let records = try await read(consumer, count: 300)
        #expect(records.count == 300)
        let byKey = Dictionary(grouping: records) { $0.key ?? [] }
        #expect(byKey.count == 7)
        for (key, keyed) in byKey {
            let expectedPartition = KeyPartitioner.partition(forKey: key, partitionCount: 3)
            #expect(keyed.allSatisfy { $0.partition == expectedPartition })
            let prices = try keyed.map { try PriceCodec().decode($0.value) }
            #expect(prices == prices.sorted())
            #expect(keyed.map(\.offset) == keyed.map(\.offset).sorted())
        }
    }

    @Test func rebalanceSharesPartitionsAndRedeliversWhatWasNotCommitted() async throws {
        let transport = InProcessTransport()
        try transport.declareTopic("r", partitions: 4)
        let producer = try transport.makeProducer()
        try await producer.send((0..<40).map { OutgoingRecord(topic: "r", value: [UInt8($0)], partition: Int32($0 % 4)) })

        let first = try transport.consumer(group: "g", topics: ["r"])
        #expect(first.assignment().count == 4)
        let second = try transport.consumer(group: "g", topics: ["r"])
        let firstOwns = first.assignment()
        let secondOwns = second.assignment()
        #expect(firstOwns.count == 2 && secondOwns.count == 2)
        #expect(Set(firstOwns).isDisjoint(with: Set(secondOwns)))

        // The first member processes its 20 records but commits only one of its two partitions.
        let firstRead = try await read(first, count: 20)
        #expect(Set(firstRead.map(\.topicPartition)) == Set(firstOwns))
        let committedPartition = firstOwns[0]
        let firstCommitted = firstRead.filter { $0.topicPartition == committedPartition }
        try await first.commit([TopicPartitionOffset(committedPartition, offset: 10)])

        let secondRead = try await read(second, count: 20)
        try await second.commit(secondOwns.map { TopicPartitionOffset($0, offset: 10) })

        await first.close()
        #expect(second.assignment() == (firstOwns + secondOwns).sorted { $0.partition < $1.partition })
        try await producer.send((40..<48).map { OutgoingRecord(topic: "r", value: [UInt8($0)], partition: Int32($0 % 4)) })

        // The uncommitted partition comes again from offset 0, plus the 8 new records.
        let afterRebalance = try await read(second, count: 18)
        let uncommitted = firstOwns[1]
        #expect(afterRebalance.filter { $0.topicPartition == uncommitted }.map(\.offset) == Array(0..<12))
        try await second.commit((firstOwns + secondOwns).map { TopicPartitionOffset($0, offset: 12) })

        let processedAndCommitted = firstCommitted + secondRead + afterRebalance
        #expect(processedAndCommitted.count == 48)
        let values: Set<[UInt8]> = Set(processedAndCommitted.map(\.value))
        let expected: Set<[UInt8]> = Set((0..<48).map { [UInt8($0)] })
        #expect(values == expected)
    }

    @Test func commitOfARevokedPartitionIsRefused() async throws {
        let transport = InProcessTransport()
        try transport.declareTopic("c", partitions: 2)
        let first = try transport.consumer(group: "g", topics: ["c"])
        let second = try transport.consumer(group: "g", topics: ["c"])
        let lost = try #require(second.assignment().first)
        await #expect(throws: StreamError.self) { try await first.commit([TopicPartitionOffset(lost, offset: 0)]) }
    }

    @Test func sealedTopicEndsTheConsumerAfterItsRecords() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 2))
        let consumer = try transport.consumer(group: "g", topics: ["s"])
        try await transport.makeProducer().send(Ticks.records(0..<10, topic: "s"))
        transport.seal(topic: "s")
        #expect(try await read(consumer, count: 100).count == 10)
        #expect(try await consumer.nextBatch(maxRecords: 10) == nil)
        await #expect(throws: StreamError.self) { try await transport.makeProducer().send(Ticks.records(0..<1, topic: "s")) }
    }

    @Test func aNewGroupMemberResumesFromTheCommittedOffsets() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1))
        try await transport.makeProducer().send(Ticks.records(0..<10, topic: "x"))
        let first = try transport.consumer(group: "g", topics: ["x"])
        _ = try await read(first, count: 10)
        try await first.commit([TopicPartitionOffset(topic: "x", partition: 0, offset: 6)])
        await first.close()
        let next = try transport.consumer(group: "g", topics: ["x"])
        #expect(try await read(next, count: 4).map(\.offset) == [6, 7, 8, 9])
        #expect(transport.committedOffsets(group: "g") == [TopicPartition(topic: "x", partition: 0): 6])
    }

    @Test func cancelledReadHandsOutNothing() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1))
        let consumer = try transport.consumer(group: "g", topics: ["idle"])
        let reading = Task { try await consumer.nextBatch(maxRecords: 10) }
        reading.cancel()
        await #expect(throws: CancellationError.self) { try await reading.value }
        try await transport.makeProducer().send(Ticks.records(0..<3, topic: "idle"))
        #expect(try await read(consumer, count: 3).map(\.offset) == [0, 1, 2])
    }
}
