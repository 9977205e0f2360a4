import Model

/// Interns instrument keys (UTF-8 of the instrument id) to dense indices, so per-instrument state lives in
/// arrays and each tick hashes its key once.
struct InstrumentTable: Sendable {
    /// A key hashed as one block of bytes (an array's own hashing feeds the hasher byte by byte).
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    private var indices: [Key: Int] = [:]
    /// The keys, by index.
    private(set) var keys: [[UInt8]] = []
    /// Reference data by index; `nil` when the master does not know the instrument.
    private(set) var references: [Instrument?] = []
    private let master: InstrumentMaster?

    init(master: InstrumentMaster?) {
        self.master = master
    }

    var count: Int { keys.count }

    /// The index of `key`, adding it on first sight; `isNew` says whether it was added.
    mutating func intern(_ key: [UInt8]) -> (index: Int, isNew: Bool) {
        let wrapped = Key(bytes: key)
        if let index = indices[wrapped] { return (index, false) }
        let index = keys.count
        indices[wrapped] = index
        keys.append(key)
        references.append(master?.instrument(id: String(decoding: key, as: UTF8.self)))
        return (index, true)
    }
}

extension InstrumentTable {
    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(keys.count))
        for key in keys { writer.writeBytes(key) }
    }

    /// Re-interns the keys of a snapshot in their original order, so every index stays valid.
    mutating func read(from reader: inout ByteReader) throws {
        self = InstrumentTable(master: master)
        for _ in 0..<(try reader.read(UInt32.self)) { _ = intern(try reader.readBytes()) }
    }
}

/// Dense indices of the source partitions seen, with each one's event-time clock: the maximum event time of
/// the ticks it delivered that passed validation. Records without a position share one partition.
struct PartitionClocks: Sendable {
    private var indices: [TopicPartition?: Int] = [:]
    private(set) var partitions: [TopicPartition?] = []
    /// Maximum event time per partition, `Int64.min` before the first tick.
    var times: [Int64] = []
    private var last: (partition: TopicPartition?, index: Int)?

    /// The index of a partition, adding it on first sight.
    mutating func index(of partition: TopicPartition?) -> Int {
        if let last, last.partition == partition { return last.index }
        let index: Int
        if let known = indices[partition] {
            index = known
        } else {
            index = partitions.count
            indices[partition] = index
            partitions.append(partition)
            times.append(.min)
        }
        last = (partition, index)
        return index
    }

    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(partitions.count))
        for (partition, time) in zip(partitions, times) {
            writer.write(UInt8(partition == nil ? 0 : 1))
            if let partition {
                writer.writeString(partition.topic)
                writer.write(partition.partition)
            }
            writer.write(time)
        }
    }

    mutating func read(from reader: inout ByteReader) throws {
        self = PartitionClocks()
        for _ in 0..<(try reader.read(UInt32.self)) {
            let partition = try reader.read(UInt8.self) == 0
                ? nil : TopicPartition(topic: try reader.readString(), partition: try reader.readInt32())
            times[index(of: partition)] = try reader.readInt64()
        }
    }
}
