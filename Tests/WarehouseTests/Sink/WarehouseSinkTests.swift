import Foundation
import Model
import Stream
import Testing
@testable import Warehouse

/// A consumer that forgets its commits, as if the process died between the warehouse commit and the transport's.
struct ForgetfulConsumer: RecordConsumer {
    let inner: any RecordConsumer
    func nextBatch(maxRecords: Int) async throws -> [IncomingRecord]? { try await inner.nextBatch(maxRecords: maxRecords) }
    func commit(_ offsets: [TopicPartitionOffset]) async throws {}
    func close() async { await inner.close() }
}

@Suite struct WarehouseSinkTests {
    static let topic = "market-data.equities.us"

    /// Produces trades and quotes (and a few undecodable records) to the equities topic, 3 partitions.
    static func transport(trades: Int, garbage: Int = 0) async throws -> (InProcessTransport, [Trade]) {
        let transport = InProcessTransport(configuration: InProcessTransportConfiguration(defaultPartitionCount: 3, partitionCapacity: 100_000))
        try transport.declareTopic(topic, partitions: 3)
        let producer = try transport.makeProducer()
        let sample = SampleTrades.make(count: trades, seed: 9, startNanos: 1_763_683_200_000_000_000)
        var records = try sample.map { trade in
            OutgoingRecord(topic: topic, key: Array(trade.instrumentId.utf8), value: try MarketEvent.trade(trade).serializedBytes())
        }
        for k in 0..<garbage { records.insert(OutgoingRecord(topic: topic, key: Array("bad".utf8), value: [0xFF, 0xFF, UInt8(k)]), at: k * 97 % records.count) }
        try await producer.send(records)
        transport.seal(topic: topic)
        return (transport, sample)
    }

    static func storedTrades(_ store: WarehouseStore) throws -> RecordBatch {
        try TableScanner(store: store).collect(ScanRequest(table: Tables.trades))
    }

    @Test func replayAfterCrashNeitherDuplicatesNorLoses() async throws {
        let (transport, sample) = try await Self.transport(trades: 6000)
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())

        // First run: commits twice, buffers more, then "crashes" (never commits the rest); its transport
        // commits are forgotten, so the next run re-reads everything from the start.
        var read = 0
        let firstConsumer = ForgetfulConsumer(inner: try transport.makeConsumer(group: "wh1", topics: [Self.topic]))
        let sink1 = try WarehouseSink(store: store, consumer: firstConsumer, configuration: WarehouseSinkConfiguration(maxRows: 1500))
        while read < 4000, let batch = try await firstConsumer.nextBatch(maxRecords: 500) {
            try await sink1.ingest(batch)
            read += batch.count
        }
        let committedBefore = try store.catalog.current()
        #expect(committedBefore.version >= 2)
        let storedBefore = try Self.storedTrades(store).count
        #expect(storedBefore >= 3000 && storedBefore < 6000)

        // Second run, same warehouse, a fresh group that starts at offset 0.
        let secondConsumer = try transport.makeConsumer(group: "wh2", topics: [Self.topic])
        let sink2 = try WarehouseSink(store: store, consumer: secondConsumer, configuration: WarehouseSinkConfiguration(maxRows: 1000))
        try await sink2.run()
        #expect(await sink2.duplicatesSkipped == storedBefore)

        let stored = try Self.storedTrades(store)
        #expect(stored.count == sample.count)
        let sequences = stored.column("sequence")!.int64Values!
        #expect(Set(sequences).count == sample.count)
        let snapshot = try store.catalog.current()
        let total = (0..<3).reduce(Int64(0)) { $0 + (snapshot.sourceOffsets["\(Self.topic):\($1)"] ?? 0) }
        #expect(total == Int64(sample.count))
    }

    @Test func undecodableRecordsGoToTheDeadLetterTopic() async throws {
        let (transport, sample) = try await Self.transport(trades: 1000, garbage: 7)
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        let dlq = DeadLetterRouter(producer: try transport.makeProducer())
        let sink = try WarehouseSink(store: store, consumer: try transport.makeConsumer(group: "wh", topics: [Self.topic]), deadLetters: dlq)
        try await sink.run()
        #expect(try Self.storedTrades(store).count == sample.count)
        let letters = try transport.makeConsumer(group: "dlq-reader", topics: ["dlq.warehouse"])
        transport.seal(topic: "dlq.warehouse")
        var dead: [DeadLetter] = []
        while let batch = try await letters.nextBatch(maxRecords: 100) { dead += try batch.map { try DeadLetter(serializedBytes: $0.value) } }
        #expect(dead.count == 7)
        #expect(dead.allSatisfy { $0.sourceTopic == Self.topic && $0.payload.first == 0xFF })
    }

    @Test func aFailedCommitStopsTheSinkInsteadOfSkippingRows() async throws {
        let (transport, _) = try await Self.transport(trades: 3000)
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())
        let consumer = try transport.makeConsumer(group: "a", topics: [Self.topic])
        let sink = try WarehouseSink(store: store, consumer: consumer, configuration: WarehouseSinkConfiguration(maxRows: 100_000))
        let batch = try await consumer.nextBatch(maxRecords: 500) ?? []
        try await sink.ingest(batch)
        // Another writer records offsets for the same partitions first: this sink's commit must fail…
        let partitions = Set(batch.map { WarehouseSink.key($0.topicPartition) })
        try store.catalog.commit(Catalog.Change(operation: "other", sourceOffsets: Dictionary(uniqueKeysWithValues: partitions.map { ($0, 1) })))
        await #expect(throws: WarehouseError.self) { try await sink.commit() }
        // …and every later call fails too, so no later commit can record offsets past the lost rows.
        let more = try await consumer.nextBatch(maxRecords: 500) ?? []
        await #expect(throws: WarehouseError.self) { try await sink.ingest(more) }
        await #expect(throws: WarehouseError.self) { try await sink.commit() }
        #expect(try store.catalog.current().files.isEmpty)
    }
}
