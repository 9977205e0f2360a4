import Foundation
import Model

/// Time-ordered ids (UUID version 7): ids sort by creation, which is what cursor pagination pages by.
public enum LedgerID {
    /// A new UUIDv7 string, lowercase.
    public static func make() -> String {
        let millis = UInt64(max(0, Timestamp.now() / Timestamp.nanosPerMillisecond))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(index)))) }
        // Two draws of 64 bits for the 80 random bits: each draw is a getrandom call, and `UInt8.random` would
        // make one per byte.
        var random = SystemRandomNumberGenerator()
        let high = random.next(), low = random.next()
        bytes[6] = UInt8(truncatingIfNeeded: high)
        bytes[7] = UInt8(truncatingIfNeeded: high >> 8)
        for index in 0..<8 { bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (8 * UInt64(index))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        // Hex by table: `String(format:)` per byte is slow on Linux, and every order makes several ids.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is a UUID in canonical textual form.
    public static func isValid(_ text: String) -> Bool {
        UUID(uuidString: text) != nil && text.utf8.count == 36
    }
}
