import Model

/// Interns instrument keys (UTF-8 of the instrument id) to dense indices, so per-instrument state lives in
/// arrays and each tick hashes its key once.
///
/// The index is an open-addressing table (linear probing, at most half full) keyed by a word-at-a-time hash of
/// the bytes: a `Dictionary` hashes through SipHash and was a twentieth of the stream stage's time. Keys come from the
/// instrument ids of a feed, not from an adversary who could pick colliding ones.
struct InstrumentTable: Sendable {
    /// Per slot, the index + 1 of the key there; 0 when empty.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    /// The keys, by index.
    private(set) var keys: [[UInt8]] = []
    /// What enrichment joins from the instrument master.
    struct Reference: Sendable {
        var assetClass: AssetClass
        var sector: String
        var region: String
    }

    /// Reference data by index; `nil` when the master does not know the instrument.
    private(set) var references: [Reference?] = []
    private let master: InstrumentMaster?

    init(master: InstrumentMaster?) {
        self.master = master
    }

    var count: Int { keys.count }

    /// The index of `key`, adding it on first sight; `isNew` says whether it was added.
    mutating func intern(_ key: [UInt8]) -> (index: Int, isNew: Bool) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let held = Int(slots[slot])
            if held == 0 { break }
            if keys[held - 1] == key { return (held - 1, false) }
            slot = (slot + 1) & mask
        }
        let index = keys.count
        keys.append(key)
        if keys.count * 2 > slots.count {
            rehash()
        } else {
            slots[slot] = Int32(index + 1)
        }
        references.append(
            master?.instrument(id: String(decoding: key, as: UTF8.self)).map { Reference(assetClass: $0.assetClass, sector: $0.sector, region: $0.region) })
        return (index, true)
    }

    /// Mixes the key eight bytes at a time (a byte-at-a-time FNV-1a of a 36-byte UUID key was a twentieth of
    /// the stream stage); only this process's table depends on it, snapshots store keys, not slots.
    private static func hash(_ key: [UInt8]) -> UInt64 {
        key.withUnsafeBytes { bytes in
            var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var index = 0
            while index + 8 <= bytes.count {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                index += 8
            }
            var tail: UInt64 = 0
            while index < bytes.count {
                tail = tail << 8 | UInt64(bytes[index])
                index += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            return hash ^ (hash >> 29)
        }
    }

    /// Doubles the table and places every key again.
    private mutating func rehash() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
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
    /// The index last asked for: a batch's records mostly come from one partition. (Not an optional tuple:
    /// binding one copies, retains and releases the topic name on every tick.)
    private var lastIndex = -1

    /// The index of a partition, adding it on first sight.
    mutating func index(of partition: TopicPartition?) -> Int {
        if lastIndex >= 0, partitions[lastIndex] == partition { return lastIndex }
        let index: Int
        if let known = indices[partition] {
            index = known
        } else {
            index = partitions.count
            indices[partition] = index
            partitions.append(partition)
            times.append(.min)
        }
        lastIndex = index
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
