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
        return ChecksummedFrame.wrap(payload.bytes, magic: Self.magic, version: Self.formatVersion)
    }

    /// Reads a file image written by ``encoded()``.
    ///
    /// - Parameter bytes: the file contents.
    /// - Throws: ``StreamError`` `.checkpoint` if the magic, version, length or checksum is wrong — a torn,
    ///   truncated or corrupted file.
    public init(decoding bytes: [UInt8]) throws {
        var payload = ByteReader(
            try ChecksummedFrame.unwrap(bytes, magic: Self.magic, version: Self.formatVersion, kind: "checkpoint"))
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
