/// Symbol lookup straight from feed bytes: an open-addressing hash table (FNV-1a) over the instrument master's
/// symbols, so a hot parser needs neither a `String` nor SipHash per record.
struct SymbolTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt32]
    private let symbols: [[UInt8]]
    private let mask: Int

    /// Builds the table; `symbols[i]` maps to `i`.
    init(symbols: [String]) {
        self.symbols = symbols.map { Array($0.utf8) }
        var capacity = 16
        while capacity < symbols.count * 4 { capacity <<= 1 }
        mask = capacity - 1
        slots = [Int32](repeating: -1, count: capacity)
        hashes = [UInt32](repeating: 0, count: capacity)
        for (index, symbol) in self.symbols.enumerated() {
            let hash = symbol.withUnsafeBufferPointer { Self.hash($0) }
            var slot = Int(hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
            hashes[slot] = hash
        }
    }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }

    /// The index of the symbol spelled by `bytes`, if any.
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(bytes)
        var slot = Int(hash) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if hashes[slot] == hash {
                let candidate = symbols[Int(index)]
                if candidate.count == bytes.count, candidate.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return Int(index) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The index of a symbol given as text, if any.
    func index(of symbol: String) -> Int? {
        var copy = symbol
        return copy.withUTF8 { index(of: $0) }
    }
}
