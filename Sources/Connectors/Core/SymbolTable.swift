#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Symbol lookup straight from feed bytes: an open-addressing hash table (FNV-1a) over the instrument master's
/// symbols, so a hot parser needs neither a `String` nor SipHash per record.
struct SymbolTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt32]
    /// Every symbol's bytes end to end, symbol `i` at `bounds[i]..<bounds[i + 1]`: one buffer, so a probe retains
    /// no per-symbol array.
    private let bytes: [UInt8]
    private let bounds: [Int]
    private let mask: Int

    /// Builds the table; `symbols[i]` maps to `i`.
    init(symbols: [String]) {
        bytes = symbols.flatMap { Array($0.utf8) }
        bounds = symbols.reduce(into: [0]) { $0.append($0.last! + $1.utf8.count) }
        var capacity = 16
        while capacity < symbols.count * 4 { capacity <<= 1 }
        mask = capacity - 1
        slots = [Int32](repeating: -1, count: capacity)
        hashes = [UInt32](repeating: 0, count: capacity)
        for (index, symbol) in symbols.enumerated() {
            let hash = Array(symbol.utf8).withUnsafeBufferPointer { Self.hash($0) }
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
                let start = bounds[Int(index)], end = bounds[Int(index) + 1]
                if end - start == bytes.count, bytes.isEmpty
                    || self.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 }) {
                    return Int(index)
                }
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
