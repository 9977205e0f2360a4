/// Parquet's RLE / bit-packing hybrid encoding of small unsigned integers (definition levels, dictionary
/// indices, booleans): runs of one repeated value, and groups of 8 values packed LSB-first at a fixed bit width.
enum RleBitPackedHybrid {
    /// The bit width that holds every value up to `maximum`.
    static func bitWidth(forMaximum maximum: UInt32) -> Int { maximum == 0 ? 0 : 32 - maximum.leadingZeroBitCount }

    /// Appends the encoding of `values` at `bitWidth` bits (0...32) to `sink`.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into sink: inout ByteSink) {
        let n = values.count
        var i = 0
        var pendingStart = 0
        while i < n {
            let value = values[i]
            var j = i + 1
            while j < n && values[j] == value { j += 1 }
            if j - i >= 8 {
                let pending = i - pendingStart
                let borrow = (8 - pending % 8) % 8
                if j - i - borrow >= 8 {
                    i += borrow
                    if i > pendingStart { packGroups(values, from: pendingStart, to: i, bitWidth: bitWidth, into: &sink) }
                    sink.appendVarint(UInt64(j - i) << 1)
                    appendValue(value, bitWidth: bitWidth, into: &sink)
                    pendingStart = j
                }
            }
            i = j
        }
        if pendingStart < n { packGroups(values, from: pendingStart, to: n, bitWidth: bitWidth, into: &sink) }
    }

    /// Appends a single run of `count` copies of `value`.
    static func encodeRun(_ value: UInt32, count: Int, bitWidth: Int, into sink: inout ByteSink) {
        guard count > 0 else { return }
        sink.appendVarint(UInt64(count) << 1)
        appendValue(value, bitWidth: bitWidth, into: &sink)
    }

    private static func appendValue(_ value: UInt32, bitWidth: Int, into sink: inout ByteSink) {
        var v = value
        for _ in 0..<((bitWidth + 7) / 8) {
            sink.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// Bit-packs `values[from..<to]` as whole groups of 8, padding the last group with zeros.
    private static func packGroups(
        _ values: UnsafeBufferPointer<UInt32>, from: Int, to: Int, bitWidth: Int, into sink: inout ByteSink
    ) {
        let groups = (to - from + 7) / 8
        sink.appendVarint(UInt64(groups) << 1 | 1)
        guard bitWidth > 0 else { return }
        var accumulator: UInt64 = 0
        var bits = 0
        let end = from + groups * 8
        var k = from
        while k < end {
            let v = k < to ? UInt64(values[k]) : 0
            accumulator |= v << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                sink.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
            k += 1
        }
    }

    /// Decodes exactly `count` values from `data` into `output`; returns the bytes consumed.
    ///
    /// - Throws: ``ThriftDecodingError``-style ``HybridDecodingError`` when the data ends early.
    @discardableResult
    static func decode(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into output: UnsafeMutablePointer<UInt32>
    ) throws -> Int {
        guard bitWidth >= 0 && bitWidth <= 32 else { throw HybridDecodingError("bit width \(bitWidth) out of range") }
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        let valueBytes = (bitWidth + 7) / 8
        var position = 0
        var produced = 0
        while produced < count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < data.count else { throw HybridDecodingError("levels or indices end after \(produced) of \(count) values") }
                let b = data[position]
                position += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
                guard shift < 64 else { throw HybridDecodingError("malformed run header") }
            }
            if header & 1 == 0 {
                let runLength = Int(clamping: header >> 1)
                guard position + valueBytes <= data.count else { throw HybridDecodingError("run value past the end") }
                var value: UInt32 = 0
                for b in 0..<valueBytes { value |= UInt32(data[position + b]) << UInt32(8 * b) }
                position += valueBytes
                let take = min(runLength, count - produced)
                (output + produced).update(repeating: value, count: take)
                produced += take
            } else {
                let groups = Int(clamping: header >> 1)
                let runBytes = groups * bitWidth
                guard groups <= data.count, position + runBytes <= data.count else {
                    throw HybridDecodingError("bit-packed run past the end")
                }
                let take = min(groups * 8, count - produced)
                let base = data.baseAddress! + position
                let end = runBytes
                for k in 0..<take {
                    let bit = k * bitWidth
                    let byte = bit >> 3
                    let word: UInt64
                    if byte + 8 <= end {
                        word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
                    } else {
                        var w: UInt64 = 0
                        var b = byte
                        while b < end && b < byte + 8 {
                            w |= UInt64(base.load(fromByteOffset: b, as: UInt8.self)) << UInt64(8 * (b - byte))
                            b += 1
                        }
                        word = w
                    }
                    output[produced + k] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
                }
                produced += take
                position += runBytes
            }
        }
        return position
    }
}

/// Malformed RLE / bit-packed data; the page decoder wraps it into a ``WarehouseError`` naming the file.
struct HybridDecodingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
