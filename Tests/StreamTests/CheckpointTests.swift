import Testing

@testable import Stream

@Suite struct CheckpointTests {
    static let sample = Checkpoint(
        id: 7, createdAtNanos: 1_700_000_000_123_456_789,
        positions: [TopicPartitionOffset(topic: "ticks", partition: 0, offset: 42), TopicPartitionOffset(topic: "ticks", partition: 3, offset: 9)],
        lanes: [LaneSnapshot(operatorState: [1, 2, 3], sinkState: []), LaneSnapshot(operatorState: [], sinkState: [9])])

    @Test func encodingRoundTrips() throws {
        let bytes = Self.sample.encoded()
        #expect(Array(bytes.prefix(4)) == Array("TFCP".utf8))
        #expect(try Checkpoint(decoding: bytes) == Self.sample)
    }

    @Test func everyFlippedByteIsDetected() {
        let bytes = Self.sample.encoded()
        for index in bytes.indices {
            var corrupt = bytes
            corrupt[index] ^= 0x40
            #expect(throws: StreamError.self) { try Checkpoint(decoding: corrupt) }
        }
    }

    @Test func truncationIsDetected() {
        let bytes = Self.sample.encoded()
        for length in [0, 5, 14, bytes.count / 2, bytes.count - 1] {
            #expect(throws: StreamError.self) { try Checkpoint(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func anotherFormatVersionIsRefused() throws {
        var bytes = Self.sample.encoded()
        bytes[4] = 2
        // Recompute the checksum so that only the version is wrong.
        let body = Array(bytes.dropLast(4))
        var writer = ByteWriter()
        writer.write(CRC32.checksum(body))
        bytes = body + writer.bytes
        let error = #expect(throws: StreamError.self) { try Checkpoint(decoding: bytes) }
        #expect(error?.message.contains("format 2") == true)
    }

    @Test func crcMatchesZlib() {
        // zlib.crc32(b"123456789") and zlib.crc32(b"tickflow"), computed with python3.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 3_421_780_262)
        #expect(CRC32.checksum(Array("tickflow".utf8)) == 1_074_822_129)
    }
}
