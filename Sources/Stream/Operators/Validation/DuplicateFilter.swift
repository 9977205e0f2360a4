import Model

/// Remembers the last N identities (trade ids, sequence numbers) of one instrument: bounded memory, FIFO eviction.
///
/// The identities live in a FIFO ring plus an open-addressing (linear probing) table of them, with
/// backward-shift deletion: no per-tick allocation or hashing through `Hasher`. Zero marks an empty slot, so
/// the identity 0 is tracked by a flag of its own.
struct DuplicateFilter: Sendable {
    private var ring: [UInt64] = []
    private var next = 0
    private var slots: [UInt64] = []
    private var holdsZero = false

    /// Records `identity`; `false` if it is already remembered (a duplicate).
    mutating func insert(_ identity: UInt64, capacity: Int) -> Bool {
        guard capacity > 0 else { return true }
        guard add(identity) else { return false }
        if ring.count < capacity {
            ring.append(identity)
        } else {
            remove(ring[next])
            ring[next] = identity
            next = (next + 1) % capacity
        }
        return true
    }

    @inline(__always)
    private static func home(_ identity: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (identity &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Adds to the table; `false` if already there.
    private mutating func add(_ identity: UInt64) -> Bool {
        if identity == 0 {
            defer { holdsZero = true }
            return !holdsZero
        }
        // Grow past a load of three quarters; the ring bounds the count (capacity + 1 while the oldest is being
        // replaced), so a full filter of 4,096 keeps 8,192 slots, at most half used.
        if (ring.count + 1) * 4 > slots.count * 3 { grow() }
        return slots.withUnsafeMutableBufferPointer { table in
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
    }

    private mutating func remove(_ identity: UInt64) {
        if identity == 0 {
            holdsZero = false
            return
        }
        slots.withUnsafeMutableBufferPointer { table in
            let mask = table.count - 1
            var slot = Self.home(identity, mask: mask)
            while table[slot] != identity {
                if table[slot] == 0 { return }
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
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: max(16, old.count * 2))
        for identity in old where identity != 0 { _ = add(identity) }
    }

    /// A stable 64-bit identity of a tick (FNV-1a of its trade id, or its sequence), tagged by kind; `nil`
    /// when it has neither.
    static func identity(of event: MarketEvent) -> UInt64? {
        switch event {
        case .trade(let trade):
            if !trade.tradeId.isEmpty {
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in trade.tradeId.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                return hash | 1 << 63
            }
            return sequenced(trade.sequence, tag: 1 << 62)
        case .quote(let quote):
            return sequenced(quote.sequence, tag: 0)
        }
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
