import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport
@testable import Warehouse

/// `tickflow sink warehouse` as a process on the mock Kafka cluster: SIGKILLed mid-stream, restarted, stopped with
/// SIGTERM; the warehouse ends up with every produced trade exactly once.
@Suite struct SinkProcessTests {
    static let topic = "market-data.equities.us"

    static func storedRows(_ root: String) throws -> Int {
        try WarehouseStore(root: root).catalog.current().files.reduce(0) { $0 + $1.rows }
    }

    static func waitFor(_ timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try condition()
    }

    static func produce(_ cluster: KafkaTestCluster, _ trades: [Trade]) async throws {
        let producer = try cluster.producer()
        try await producer.send(try trades.map {
            OutgoingRecord(topic: topic, key: Array($0.instrumentId.utf8), value: try MarketEvent.trade($0).serializedBytes())
        })
        try await producer.flush(timeout: .seconds(30))
    }

    @Test func killedAndRestartedSinkStoresEveryTradeOnce() async throws {
        let cluster = try KafkaTestCluster()
        try cluster.mock.createTopic(Self.topic, partitions: 3, replicationFactor: 3)
        let root = try WarehouseFixtures.temporaryDirectory()
        let day: Int64 = 1_763_683_200_000_000_000
        try await Self.produce(cluster, SampleTrades.make(count: 3000, seed: 1, startNanos: day))
        let arguments = [CrashRecoveryTests.tickflow, "sink", "warehouse", "--brokers", cluster.bootstrapServers,
                         "--group", "wh", "--warehouse", root, "--topic", Self.topic, "--max-rows", "700", "--max-delay", "1"]

        let first = try CrashRecoveryTests.spawn(arguments)
        let committed = try await Self.waitFor(.seconds(40)) { try Self.storedRows(root) >= 700 }
        kill(first, SIGKILL)
        var status: Int32 = 0
        waitpid(first, &status, 0)
        #expect(committed)

        try await Self.produce(cluster, SampleTrades.make(count: 2000, seed: 2, startNanos: day + 3_600_000_000_000))
        let second = try CrashRecoveryTests.spawn(arguments)
        let complete = try await Self.waitFor(.seconds(60)) { try Self.storedRows(root) >= 5000 }
        kill(second, SIGTERM)
        waitpid(second, &status, 0)
        #expect(complete)
        #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 0, "graceful stop, status \(status)")

        let store = try WarehouseStore(root: root)
        let times = try TableScanner(store: store).collect(ScanRequest(table: Tables.trades, columns: ["event_time"])).columns[0].int64Values!
        #expect(times.count == 5000)
        #expect(Set(times).count == 5000)
        let offsets = try store.catalog.current().sourceOffsets
        #expect((0..<3).reduce(Int64(0)) { $0 + (offsets["\(Self.topic):\($1)"] ?? 0) } == 5000)
    }
}
