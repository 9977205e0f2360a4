import Model

/// Remembers the last N identities (trade ids, sequence numbers) of one instrument: bounded memory, FIFO eviction.
///
/// A FIFO ring holds the identities in arrival order. Sequence identities (bit 63 clear; quotes and trades
/// apart, see ``identity(quoteSequence:)``) live in a ``SequenceRun`` per kind: feeds number their ticks in increasing
/// order, so adding one is an append and evicting one advances a start index, with no hashing and no random
/// access into a large table (that was a fifth of the stream stage's time). Trade-id hashes (bit 63 set) live in
/// an open-addressing (linear probing) table with backward-shift deletion, where zero marks an empty slot — no
/// hash identity is zero.
struct DuplicateFilter: Sendable {
    private var ring: [UInt64] = []
    private var next = 0
    private var quoteSequences = SequenceRun()
    private var tradeSequences = SequenceRun()
    private var slots: [UInt64] = []
    private var hashed = 0

    /// Records `identity`; `false` if it is already remembered (a duplicate).
    mutating func insert(_ identity: UInt64, capacity: Int) -> Bool {
        guard capacity > 0 else { return true }
        guard add(identity) else { return false }
        if ring.count < capacity {
            ring.append(identity)
        } else {
            remove(ring[next])
            ring[next] = identity
            next = next + 1 == ring.count ? 0 : next + 1
        }
        return true
    }

    private static let hashBit: UInt64 = 1 << 63
    private static let tradeBit: UInt64 = 1 << 62

    /// Adds to the run or table of the identity's kind; `false` if already there.
    private mutating func add(_ identity: UInt64) -> Bool {
        if identity & Self.hashBit == 0 {
            return identity & Self.tradeBit == 0 ? quoteSequences.insert(identity) : tradeSequences.insert(identity)
        }
        // Grow past a load of three quarters; the ring bounds the count (capacity + 1 while the oldest is being
        // replaced), so a full filter of 4,096 trade ids keeps 8,192 slots, at most half used.
        if (hashed + 1) * 4 > slots.count * 3 { grow() }
        let added = slots.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            var slot = Self.home(identity, mask: mask)
            while true {
                let held = table[slot]
                if held == identity { return false }
                if held == 0 {
                    table[slot] = identity
                    return true
                }
                slot = (slot + 1) & mask
            }
        }
        if added { hashed += 1 }
        return added
    }

    @inline(__always)
    private static func home(_ identity: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (identity &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func remove(_ identity: UInt64) {
        if identity & Self.hashBit == 0 {
            if identity & Self.tradeBit == 0 { quoteSequences.remove(identity) } else { tradeSequences.remove(identity) }
            return
        }
        let removed = slots.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            var slot = Self.home(identity, mask: mask)
            while table[slot] != identity {
                if table[slot] == 0 { return false }
                slot = (slot + 1) & mask
            }
            // Backward shift: pull later members of the probe run into the hole unless that moves them before home.
            var hole = slot
            var probe = (hole + 1) & mask
            while table[probe] != 0 {
                let ideal = Self.home(table[probe], mask: mask)
                if (probe &- ideal) & mask >= (probe &- hole) & mask {
                    table[hole] = table[probe]
                    hole = probe
                }
                probe = (probe + 1) & mask
            }
            table[hole] = 0
            return true
        }
        if removed { hashed -= 1 }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: max(16, old.count * 2))
        hashed = 0
        for identity in old where identity != 0 { _ = add(identity) }
    }

    /// A trade's stable 64-bit identity: FNV-1a of its trade id, or else its sequence; `nil` with neither.
    static func identity(tradeId: String, sequence: UInt64) -> UInt64? {
        if !tradeId.isEmpty {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in tradeId.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash | hashBit
        }
        return sequenced(sequence, tag: tradeBit)
    }

    /// A quote's identity: its sequence; `nil` without one.
    static func identity(quoteSequence: UInt64) -> UInt64? {
        sequenced(quoteSequence, tag: 0)
    }

    /// Quotes and trades number separately on many feeds: their identities are kept apart by a tag bit.
    private static func sequenced(_ sequence: UInt64, tag: UInt64) -> UInt64? {
        sequence > 0 ? (sequence & ~(3 << 62)) | tag : nil
    }

    func write(to writer: inout ByteWriter) {
        writer.write(UInt32(ring.count))
        writer.write(UInt32(next))
        for identity in ring { writer.write(identity) }
    }

    init() {}

    init(from reader: inout ByteReader) throws {
        let count = Int(try reader.read(UInt32.self))
        next = Int(try reader.read(UInt32.self))
        ring.reserveCapacity(count)
        for _ in 0..<count {
            let identity = try reader.read(UInt64.self)
            _ = add(identity)
            ring.append(identity)
        }
    }
}
