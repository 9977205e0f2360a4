/// The 32-bit MurmurHash2 variant used by Kafka's default partitioner (seed `0x9747b28c`).
///
/// Kafka's Java client and librdkafka's `murmur2` / `murmur2_random` partitioners hash keys with exactly this
/// function, so a key hashed here lands on the same partition as it would through Kafka.
public enum Murmur2 {
    /// Hashes bytes the way `org.apache.kafka.common.utils.Utils.murmur2` does.
    ///
    /// - Parameter bytes: the key bytes.
    /// - Returns: the signed 32-bit hash (Java's `int`).
    public static func hash(_ bytes: some Collection<UInt8>) -> Int32 {
        let multiplier: UInt32 = 0x5bd1_e995
        let length = bytes.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)

        var iterator = bytes.makeIterator()
        // Four bytes at a time, little-endian, as the Java client reads them.
        for _ in 0..<(length / 4) {
            var k = UInt32(iterator.next()!)
            k |= UInt32(iterator.next()!) << 8
            k |= UInt32(iterator.next()!) << 16
            k |= UInt32(iterator.next()!) << 24
            k &*= multiplier
            k ^= k >> 24
            k &*= multiplier
            h &*= multiplier
            h ^= k
        }

        let remaining = length % 4
        if remaining > 0 {
            let first = UInt32(iterator.next()!)
            let second = remaining >= 2 ? UInt32(iterator.next()!) : 0
            let third = remaining == 3 ? UInt32(iterator.next()!) : 0
            h ^= third << 16
            h ^= second << 8
            h ^= first
            h &*= multiplier
        }

        h ^= h >> 13
        h &*= multiplier
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Clears the sign bit, as Kafka's `Utils.toPositive` does (not `abs`, which overflows on `Int32.min`).
    ///
    /// - Parameter value: a signed hash.
    /// - Returns: `value & 0x7fffffff`.
    public static func toPositive(_ value: Int32) -> Int32 {
        value & 0x7fff_ffff
    }
}
