/// The durable state of one task of a partitioned processor — one input partition, or one partition number across
/// co-partitioned input topics (``CoPartitioning``): everything needed to resume it exactly where it was, in this
/// process or in another one after a rebalance or a crash.
///
/// - ``partition``: the task key (for a co-partitioned task, the first input topic's partition of its number).
/// - ``nextOffset``: the first offset of ``partition`` the state does not cover; reading resumes there.
/// - ``coPartitionOffsets``: the same for each of a co-partitioned task's other input partitions; empty for a
///   one-partition task. A co-partitioned task restored from a snapshot without an entry for one of its partitions
///   (e.g. one taken before the topic was added to the task) reads that partition from its beginning.
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
    /// The next offset of each other input partition of a co-partitioned task; empty for a one-partition task.
    public var coPartitionOffsets: [TopicPartition: Int64]

    /// Creates a snapshot.
    public init(
        partition: TopicPartition, nextOffset: Int64, operatorState: [UInt8], sequences: [OutputStreamID: UInt64] = [:],
        outputStarts: [TopicPartition: Int64] = [:], coPartitionOffsets: [TopicPartition: Int64] = [:]
    ) {
        self.partition = partition
        self.nextOffset = nextOffset
        self.operatorState = operatorState
        self.sequences = sequences
        self.outputStarts = outputStarts
        self.coPartitionOffsets = coPartitionOffsets
    }

    /// The next offset to read of one of the task's input partitions: ``nextOffset`` for the key, the
    /// ``coPartitionOffsets`` entry for another one, `nil` if the snapshot has none.
    public func nextOffset(of input: TopicPartition) -> Int64? {
        input == partition ? nextOffset : coPartitionOffsets[input]
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

    /// Hashes the key's bytes in one call: the synthesized hash fed them to the hasher one at a time, for every
    /// output a processor numbers.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(key.count)
        key.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension PartitionSnapshot {
    /// The format number of ``encoded()`` for a co-partitioned task's snapshot: format 1 followed by
    /// ``coPartitionOffsets``. A one-partition snapshot is still written as format 1, byte for byte as before, so
    /// that older builds read it; both formats are read.
    public static let formatVersion: UInt16 = 2
    /// The format of snapshots without ``coPartitionOffsets``.
    static let onePartitionFormatVersion: UInt16 = 1
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
        Self.write(outputStarts, to: &payload)
        guard !coPartitionOffsets.isEmpty else {
            return ChecksummedFrame.wrap(payload.bytes, magic: Self.magic, version: Self.onePartitionFormatVersion)
        }
        Self.write(coPartitionOffsets, to: &payload)
        return ChecksummedFrame.wrap(payload.bytes, magic: Self.magic, version: Self.formatVersion)
    }

    private static func write(_ offsets: [TopicPartition: Int64], to payload: inout ByteWriter) {
        let sorted = offsets.sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }
        payload.write(UInt32(sorted.count))
        for (partition, offset) in sorted {
            payload.writeString(partition.topic)
            payload.write(partition.partition)
            payload.write(offset)
        }
    }

    private static func readOffsets(_ reader: inout ByteReader) throws -> [TopicPartition: Int64] {
        var offsets: [TopicPartition: Int64] = [:]
        for _ in 0..<(try reader.read(UInt32.self)) {
            let topic = try reader.readString()
            let partition = TopicPartition(topic: topic, partition: try reader.readInt32())
            offsets[partition] = try reader.readInt64()
        }
        return offsets
    }

    /// The format number in a frame's header, if the bytes are long enough to hold one.
    private static func frameVersion(of bytes: [UInt8]) -> UInt16? {
        guard bytes.count >= magic.count + 2 else { return nil }
        var header = ByteReader(Array(bytes[magic.count..<(magic.count + 2)]))
        return try? header.read(UInt16.self)
    }

    /// Reads bytes written by ``encoded()``.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if they are torn, truncated, corrupted or of another format.
    public init(decoding bytes: [UInt8]) throws {
        // Either format is read; anything else is refused by the frame with the current format in the message.
        let found = Self.frameVersion(of: bytes)
        let version = found == Self.onePartitionFormatVersion ? Self.onePartitionFormatVersion : Self.formatVersion
        var reader = ByteReader(try ChecksummedFrame.unwrap(bytes, magic: Self.magic, version: version, kind: "partition snapshot"))
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
        let outputStarts = try Self.readOffsets(&reader)
        let coPartitionOffsets = version == Self.formatVersion ? try Self.readOffsets(&reader) : [:]
        try reader.expectEnd()
        self.init(
            partition: partition, nextOffset: nextOffset, operatorState: operatorState, sequences: sequences,
            outputStarts: outputStarts, coPartitionOffsets: coPartitionOffsets)
    }
}
