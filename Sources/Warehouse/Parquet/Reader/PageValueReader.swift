/// Reads PLAIN values out of an uncompressed page, bounds-checked.
struct PageValueReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    var remaining: Int { bytes.count - position }

    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw HybridDecodingError("page ends inside \(what()) (needs \(count) bytes, \(remaining) left)")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func uint32() throws -> UInt32 {
        let raw = try take(4, "a length")
        return UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))
    }

    /// Reads one PLAIN byte array (4-byte length, then bytes).
    mutating func byteArray() throws -> UnsafeRawBufferPointer {
        let length = Int(try uint32())
        return try take(length, "a byte array of \(length) bytes")
    }

    /// A big-endian two's complement integer of 1...16 bytes.
    static func bigEndianInt128(_ raw: UnsafeRawBufferPointer) -> Int128 {
        guard let first = raw.first else { return 0 }
        var value: Int128 = first & 0x80 != 0 ? -1 : 0
        for byte in raw { value = value << 8 | Int128(byte) }
        return value
    }
}
