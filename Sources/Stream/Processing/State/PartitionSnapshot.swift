/// The durable state of one input partition of a partitioned processor: everything needed to resume it exactly
/// where it was, in this process or in another one after a rebalance or a crash.
///
/// - ``nextOffset``: the first input offset the state does not cover; reading resumes there.
/// - ``operatorState``: the operator's ``Operator/snapshotState()`` after every record before ``nextOffset``.
/// - ``sequences``: per output stream (destination topic and key), how many outputs this partition has emitted
///   to it; the next one gets the following number. Outputs carry `(input partition, number)` in headers (see
///   ``OutputIdentity``), which is how replayed outputs are recognised.
/// - ``outputStarts``: for every output partition, an offset at or below the first record written after this
///   snapshot. After a crash the processor reads each output partition from there and suppresses regenerated
///   outputs already written (see ``PartitionedProcessor``).
public struct PartitionSnapshot: Sendable, Hashable {
    /// The input partition.
    public var partition: TopicPartition
    /// The next input offset to process.
    public var nextOffset: Int64
    /// The operator's serialized state.
    public var operatorState: [UInt8]
    /// Outputs emitted so far, per output stream.
    public var sequences: [OutputStreamID: UInt64]
    /// Lower bounds of where outputs written after this snapshot start, per output partition.
    public var outputStarts: [TopicPartition: Int64]

    /// Creates a snapshot.
    public init(
        partition: TopicPartition, nextOffset: Int64, operatorState: [UInt8], sequences: [OutputStreamID: UInt64] = [:],
        outputStarts: [TopicPartition: Int64] = [:]
    ) {
        self.partition = partition
        self.nextOffset = nextOffset
        self.operatorState = operatorState
        self.sequences = sequences
        self.outputStarts = outputStarts
    }
}

/// One output stream of an input partition: a destination topic and a record key (empty for no key).
///
/// Per stream, a deterministic operator emits the same outputs in the same order however its input was batched,
/// which is what makes the per-stream numbering of ``PartitionSnapshot/sequences`` reproducible on replay.
public struct OutputStreamID: Hashable, Sendable {
    /// The destination topic.
    public var topic: String
    /// The record key; empty when the record has none.
    public var key: [UInt8]

    /// Creates a stream id.
    public init(topic: String, key: [UInt8]?) {
        self.topic = topic
        self.key = key ?? []
    }
}

extension PartitionSnapshot {
    /// The format number of ``encoded()``.
    public static let formatVersion: UInt16 = 1
    /// The first bytes of an encoded snapshot.
    public static let magic: [UInt8] = Array("TFPS".utf8)

    /// The snapshot as self-checking bytes (see ``ChecksummedFrame``); maps are written sorted, so equal snapshots
    /// give equal bytes.
    public func encoded() -> [UInt8] {
        var payload = ByteWriter()
        payload.writeString(partition.topic)
        payload.write(partition.partition)
        payload.write(nextOffset)
        payload.writeBytes(operatorState)
        let streams = sequences.sorted { a, b in
            a.key.topic != b.key.topic ? a.key.topic < b.key.topic : a.key.key.lexicographicallyPrecedes(b.key.key)
        }
        payload.write(UInt32(streams.count))
        for (stream, count) in streams {
            payload.writeString(stream.topic)
            payload.writeBytes(stream.key)
            payload.write(count)
        }
        let starts = outputStarts.sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }
        payload.write(UInt32(starts.count))
        for (output, offset) in starts {
            payload.writeString(output.topic)
            payload.write(output.partition)
            payload.write(offset)
        }
        return ChecksummedFrame.wrap(payload.bytes, magic: Self.magic, version: Self.formatVersion)
    }

    /// Reads bytes written by ``encoded()``.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if they are torn, truncated, corrupted or of another format.
    public init(decoding bytes: [UInt8]) throws {
        var reader = ByteReader(
            try ChecksummedFrame.unwrap(bytes, magic: Self.magic, version: Self.formatVersion, kind: "partition snapshot"))
        let topic = try reader.readString()
        let partition = TopicPartition(topic: topic, partition: try reader.readInt32())
        let nextOffset = try reader.readInt64()
        let operatorState = try reader.readBytes()
        var sequences: [OutputStreamID: UInt64] = [:]
        for _ in 0..<(try reader.read(UInt32.self)) {
            let topic = try reader.readString()
            let key = try reader.readBytes()
            sequences[OutputStreamID(topic: topic, key: key)] = try reader.read(UInt64.self)
        }
        var outputStarts: [TopicPartition: Int64] = [:]
        for _ in 0..<(try reader.read(UInt32.self)) {
            let topic = try reader.readString()
            let output = TopicPartition(topic: topic, partition: try reader.readInt32())
            outputStarts[output] = try reader.readInt64()
        }
        try reader.expectEnd()
        self.init(
            partition: partition, nextOffset: nextOffset, operatorState: operatorState, sequences: sequences,
            outputStarts: outputStarts)
    }
}
