extension Checkpoint {
    /// The current file format number; readers reject other numbers rather than misread them.
    public static let formatVersion: UInt16 = 1
    /// The first bytes of every checkpoint file.
    public static let magic: [UInt8] = Array("TFCP".utf8)

    /// The checkpoint as a self-checking file image: magic, format version, payload length, payload, CRC-32.
    public func encoded() -> [UInt8] {
        var payload = ByteWriter()
        payload.write(id)
        payload.write(createdAtNanos)
        payload.write(UInt32(positions.count))
        for position in positions {
            payload.writeString(position.topic)
            payload.write(position.partition)
            payload.write(position.offset)
        }
        payload.write(UInt32(lanes.count))
        for lane in lanes {
            payload.writeBytes(lane.operatorState)
            payload.writeBytes(lane.sinkState)
        }

        var file = ByteWriter()
        file.writeRaw(Self.magic)
        file.write(Self.formatVersion)
        file.write(UInt64(payload.bytes.count))
        file.writeRaw(payload.bytes)
        file.write(CRC32.checksum(file.bytes))
        return file.bytes
    }

    /// Reads a file image written by ``encoded()``.
    ///
    /// - Parameter bytes: the file contents.
    /// - Throws: ``StreamError`` `.checkpoint` if the magic, version, length or checksum is wrong — a torn,
    ///   truncated or corrupted file.
    public init(decoding bytes: [UInt8]) throws {
        let headerSize = Self.magic.count + 2 + 8
        guard bytes.count >= headerSize + 4 else {
            throw StreamError(.checkpoint, "checkpoint too short: \(bytes.count) bytes")
        }
        guard Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw StreamError(.checkpoint, "not a checkpoint: bad magic")
        }
        var header = ByteReader(Array(bytes[Self.magic.count..<headerSize]))
        let version = try header.read(UInt16.self)
        guard version == Self.formatVersion else {
            throw StreamError(.checkpoint, "checkpoint format \(version) is not supported (expected \(Self.formatVersion))")
        }
        let length = try header.read(UInt64.self)
        guard length == UInt64(bytes.count - headerSize - 4) else {
            throw StreamError(.checkpoint, "checkpoint length mismatch: header says \(length), file has \(bytes.count - headerSize - 4)")
        }
        var trailer = ByteReader(Array(bytes[(bytes.count - 4)...]))
        let stored = try trailer.read(UInt32.self)
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else {
            throw StreamError(.checkpoint, "checkpoint checksum mismatch: stored \(stored), computed \(computed)")
        }

        var payload = ByteReader(Array(bytes[headerSize..<(bytes.count - 4)]))
        let id = try payload.read(UInt64.self)
        let createdAt = try payload.readInt64()
        var positions: [TopicPartitionOffset] = []
        for _ in 0..<(try payload.read(UInt32.self)) {
            let topic = try payload.readString()
            let partition = try payload.readInt32()
            positions.append(TopicPartitionOffset(topic: topic, partition: partition, offset: try payload.readInt64()))
        }
        var lanes: [LaneSnapshot] = []
        for _ in 0..<(try payload.read(UInt32.self)) {
            let operatorState = try payload.readBytes()
            lanes.append(LaneSnapshot(operatorState: operatorState, sinkState: try payload.readBytes()))
        }
        try payload.expectEnd()
        self.init(id: id, createdAtNanos: createdAt, positions: positions, lanes: lanes)
    }
}
