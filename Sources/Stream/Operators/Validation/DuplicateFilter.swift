import Model

/// Remembers the last N identities (trade ids, sequence numbers) of one instrument: bounded memory, FIFO eviction.
struct DuplicateFilter: Sendable {
    private var ring: [UInt64] = []
    private var next = 0
    private var members: Set<UInt64> = []

    /// Records `identity`; `false` if it is already remembered (a duplicate).
    mutating func insert(_ identity: UInt64, capacity: Int) -> Bool {
        guard capacity > 0 else { return true }
        guard members.insert(identity).inserted else { return false }
        if ring.count < capacity {
            ring.append(identity)
        } else {
            members.remove(ring[next])
            ring[next] = identity
            next = (next + 1) % capacity
        }
        return true
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
        for _ in 0..<count { ring.append(try reader.read(UInt64.self)) }
        members = Set(ring)
    }
}
