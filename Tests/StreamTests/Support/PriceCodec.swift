import Stream

/// A price as its 8-byte IEEE-754 bit pattern, little-endian; any other length is undecodable.
struct PriceCodec: Codec {
    struct InvalidLength: Error, CustomStringConvertible {
        let count: Int
        var description: String { "a price is 8 bytes, got \(count)" }
    }

    func decode(_ bytes: [UInt8]) throws -> Double {
        guard bytes.count == 8 else { throw InvalidLength(count: bytes.count) }
        var reader = ByteReader(bytes)
        return try reader.readDouble()
    }

    func encode(_ value: Double) throws -> [UInt8] {
        var writer = ByteWriter()
        writer.write(value)
        return writer.bytes
    }
}
