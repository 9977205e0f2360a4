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

    @Test func aCoPartitionedSnapshotRoundTripsWithEveryPartitionsOffset() throws {
        var original = snapshot(17)
        let books = TopicPartition(topic: "market-data.top-of-book", partition: 2)
        original.coPartitionOffsets = [books: 123, TopicPartition(topic: "news.raw", partition: 2): 0]
        let bytes = original.encoded()
        #expect(Self.formatVersion(of: bytes) == 2)
        let decoded = try PartitionSnapshot(decoding: bytes)
        #expect(decoded == original)
        #expect(decoded.nextOffset(of: books) == 123)
        #expect(decoded.nextOffset(of: key.partition) == 17)
        #expect(decoded.nextOffset(of: TopicPartition(topic: "market-data.top-of-book", partition: 3)) == nil)
    }

    /// A one-partition snapshot is still format 1, byte for byte as written before co-partitioned tasks existed
    /// (built here field by field, as that format was written), and such bytes still load.
    @Test func aOnePartitionSnapshotKeepsTheFormatWrittenBeforeAndOldBytesLoad() throws {
        var payload = ByteWriter()
        payload.writeString("market-data.equities.us")
        payload.write(Int32(2))
        payload.write(Int64(17))
        payload.writeBytes(Array("state at 17".utf8))
        payload.write(UInt32(2))
        for (topic, key, count) in [("dlq.stream", "", UInt64(2)), ("market-data.enriched", "AAPL", 17)] {
            payload.writeString(topic)
            payload.writeBytes(Array(key.utf8))
            payload.write(count)
        }
        payload.write(UInt32(2))
        for (topic, partition, offset) in [("dlq.stream", Int32(1), Int64(9)), ("market-data.enriched", 0, 51)] {
            payload.writeString(topic)
            payload.write(partition)
            payload.write(offset)
        }
        let old = ChecksummedFrame.wrap(payload.bytes, magic: Array("TFPS".utf8), version: 1)
        #expect(snapshot(17).encoded() == old)
        let loaded = try PartitionSnapshot(decoding: old)
        #expect(loaded == snapshot(17))
        #expect(loaded.coPartitionOffsets.isEmpty)
    }

    @Test func aSnapshotOfAnUnknownFormatIsRefused() throws {
        var bytes = snapshot(5).encoded()
        bytes[4] = 3  // the format number (little-endian UInt16 after the magic): neither 1 nor 2
        bytes[5] = 0
        let error = #expect(throws: StreamError.self) { try PartitionSnapshot(decoding: bytes) }
        #expect(error?.code == .checkpoint)
    }

    static func formatVersion(of bytes: [UInt8]) -> UInt16? {
        var reader = ByteReader(Array(bytes[4..<6]))
        return try? reader.read(UInt16.self)
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
