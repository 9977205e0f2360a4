import Foundation
import Stream
import Testing

@Suite struct PartitionStateStoreTests {
    let key = PartitionStateKey(stage: "stream", group: "g", partition: TopicPartition(topic: "market-data.equities.us", partition: 2))

    private func snapshot(_ offset: Int64) -> PartitionSnapshot {
        PartitionSnapshot(
            partition: key.partition, nextOffset: offset, operatorState: Array("state at \(offset)".utf8),
            sequences: [
                OutputStreamID(topic: "market-data.enriched", key: Array("AAPL".utf8)): UInt64(offset),
                OutputStreamID(topic: "dlq.stream", key: nil): 2,
            ],
            outputStarts: [TopicPartition(topic: "market-data.enriched", partition: 0): offset * 3, TopicPartition(topic: "dlq.stream", partition: 1): 9])
    }

    private func makeStore() throws -> FilePartitionStateStore {
        try FilePartitionStateStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("tf-state-\(UUID().uuidString)").path)
    }

    @Test func aSnapshotRoundTripsThroughItsEncoding() throws {
        let original = snapshot(17)
        let decoded = try PartitionSnapshot(decoding: original.encoded())
        #expect(decoded == original)
        // Equal snapshots encode to equal bytes, whatever the dictionary order.
        #expect(decoded.encoded() == original.encoded())
    }

    @Test func aDamagedOrTruncatedEncodingIsRefused() {
        var flipped = snapshot(5).encoded()
        flipped[flipped.count / 2] ^= 0x01
        let truncated = Array(snapshot(5).encoded().dropLast(3))
        for bytes in [flipped, truncated, []] {
            let error = #expect(throws: StreamError.self) { try PartitionSnapshot(decoding: bytes) }
            #expect(error?.code == .checkpoint)
        }
    }

    @Test func theFileStoreReturnsTheNewestSnapshotPerPartition() async throws {
        let store = try makeStore()
        #expect(try await store.load(key) == nil)
        for offset: Int64 in [10, 20, 30] { try await store.save(snapshot(offset), under: key) }
        #expect(try await store.load(key) == snapshot(30))
        var other = key
        other.partition.partition = 3
        #expect(try await store.load(other) == nil)
        // Only the two newest generations are kept.
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory)
        #expect(files.filter { $0.hasSuffix(".snap") }.count == 2)
    }

    @Test func aCorruptNewestFileFallsBackToThePreviousSnapshot() async throws {
        let store = try makeStore()
        try await store.save(snapshot(10), under: key)
        try await store.save(snapshot(20), under: key)
        let newest = store.path(of: key, generation: 2)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: newest)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: newest))
        #expect(try await store.load(key) == snapshot(10))
    }

    @Test func aPartiallyWrittenNewestFileFallsBackAndALeftoverTemporaryFileIsIgnored() async throws {
        let store = try makeStore()
        try await store.save(snapshot(10), under: key)
        // A crash mid-write leaves a temporary file; a torn final file (a disk losing the tail) is caught by its CRC.
        try Data(snapshot(99).encoded().prefix(20)).write(to: URL(fileURLWithPath: store.path(of: key, generation: 2) + ".tmp"))
        try Data(snapshot(30).encoded().prefix(40)).write(to: URL(fileURLWithPath: store.path(of: key, generation: 3)))
        #expect(try await store.load(key) == snapshot(10))
        // And saving goes on after the damaged generation.
        try await store.save(snapshot(40), under: key)
        #expect(try await store.load(key) == snapshot(40))
    }
}
