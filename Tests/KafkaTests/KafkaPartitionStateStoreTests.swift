import Foundation
import Stream
import Testing
import TickFlowTestSupport

/// The changelog-topic state store on the mock cluster: newest snapshot per key, visible to another process's
/// store as soon as it is acknowledged, damaged records skipped.
@Suite struct KafkaPartitionStateStoreTests {
    private func snapshot(_ partition: Int32, offset: Int64) -> PartitionSnapshot {
        PartitionSnapshot(
            partition: TopicPartition(topic: "ticks", partition: partition), nextOffset: offset, operatorState: Array("s\(offset)".utf8),
            sequences: [OutputStreamID(topic: "out", key: Array("k".utf8)): UInt64(offset)],
            outputStarts: [TopicPartition(topic: "out", partition: 0): offset])
    }

    private func key(_ partition: Int32, group: String = "g") -> PartitionStateKey {
        PartitionStateKey(stage: "stream", group: group, partition: TopicPartition(topic: "ticks", partition: partition))
    }

    @Test func snapshotsRoundTripAndTheNewestPerKeyWinsAcrossStores() async throws {
        let cluster = try KafkaTestCluster()
        let changelog = try cluster.topic("state", partitions: 3)
        let writer = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: changelog)
        #expect(try await writer.load(key(0)) == nil)
        for offset: Int64 in [5, 10, 15] { try await writer.save(snapshot(0, offset: offset), under: key(0)) }
        try await writer.save(snapshot(1, offset: 3), under: key(1))
        try await writer.save(snapshot(0, offset: 99), under: key(0, group: "other"))
        #expect(try await writer.load(key(0)) == snapshot(0, offset: 15))

        // Another process's store (opened later) sees them, and then a newer one written after its first load.
        let reader = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: changelog)
        #expect(try await reader.load(key(0)) == snapshot(0, offset: 15))
        #expect(try await reader.load(key(1)) == snapshot(1, offset: 3))
        #expect(try await reader.load(key(0, group: "other")) == snapshot(0, offset: 99))
        #expect(try await reader.load(key(2)) == nil)
        try await writer.save(snapshot(0, offset: 20), under: key(0))
        #expect(try await reader.load(key(0)) == snapshot(0, offset: 20))
        await writer.close()
        await reader.close()
    }

    @Test func aDamagedChangelogRecordIsSkippedKeepingThePreviousSnapshot() async throws {
        let cluster = try KafkaTestCluster()
        let changelog = try cluster.topic("state", partitions: 1)
        let store = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: changelog)
        try await store.save(snapshot(0, offset: 7), under: key(0))
        var damaged = snapshot(0, offset: 8).encoded()
        damaged[damaged.count - 6] ^= 0xFF
        let producer = try cluster.producer()
        try await producer.send([OutgoingRecord(topic: changelog, key: Array(key(0).description.utf8), value: damaged)])
        try await producer.close()
        #expect(try await store.load(key(0)) == snapshot(0, offset: 7))
        await store.close()
    }
}
