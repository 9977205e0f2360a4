import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport
@testable import Warehouse

/// The sink on Kafka (librdkafka's mock cluster): a crash after some commits, a restart that re-reads from the
/// start of the log, and exactly the produced rows in the warehouse.
@Suite struct WarehouseSinkKafkaTests {
    static let topic = "market-data.equities.us"

    /// Reads what arrives within `quiet` of the last record and hands it to the sink.
    static func pump(_ consumer: KafkaConsumer, into sink: WarehouseSink, until enough: Int, quiet: Duration = .seconds(8)) async throws -> Int {
        var read = 0
        var lastRecord = ContinuousClock.now
        while read < enough, ContinuousClock.now - lastRecord < quiet {
            guard let batch = try await consumer.read(maxRecords: 500, timeout: .milliseconds(200)), !batch.isEmpty else { continue }
            try await sink.ingest(batch)
            read += batch.count
            lastRecord = .now
        }
        return read
    }

    @Test func restartAfterCrashStoresEveryRowOnce() async throws {
        let cluster = try KafkaTestCluster()
        try cluster.mock.createTopic(Self.topic, partitions: 3, replicationFactor: 3)
        let producer = try cluster.producer()
        let sample = SampleTrades.make(count: 4000, seed: 5, startNanos: 1_763_683_200_000_000_000)
        try await producer.send(try sample.map {
            OutgoingRecord(topic: Self.topic, key: Array($0.instrumentId.utf8), value: try MarketEvent.trade($0).serializedBytes())
        })
        try await producer.flush(timeout: .seconds(30))
        let store = try WarehouseStore(root: try WarehouseFixtures.temporaryDirectory())

        // First process: commits every 1,000 rows, dies after reading 2,500 (its Kafka commits are lost too).
        let first = try cluster.consumer(group: "warehouse")
        try first.subscribe(topics: [Self.topic])
        let sink1 = try WarehouseSink(store: store, consumer: ForgetfulConsumer(inner: first), configuration: WarehouseSinkConfiguration(maxRows: 1000))
        let read1 = try await Self.pump(first, into: sink1, until: 2500)
        #expect(read1 >= 2500)
        await first.close()
        let storedAfterCrash = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades)).count
        #expect(storedAfterCrash >= 2000 && storedAfterCrash < 4000)

        // Second process, same group: the log is re-read from the beginning; stored records are skipped.
        let second = try cluster.consumer(group: "warehouse")
        try second.subscribe(topics: [Self.topic])
        let sink2 = try WarehouseSink(store: store, consumer: second, configuration: WarehouseSinkConfiguration(maxRows: 1000))
        _ = try await Self.pump(second, into: sink2, until: 4000)
        try await sink2.commit()
        await second.close()

        let stored = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades))
        #expect(stored.count == sample.count)
        #expect(Set(stored.column("sequence")!.int64Values!).count == sample.count)
        #expect(await sink2.duplicatesSkipped == storedAfterCrash)
    }
}
