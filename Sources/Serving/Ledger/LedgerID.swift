import Foundation
import Model
import Synchronization

/// Time-ordered ids (UUID version 7): ids sort by creation, which is what cursor pagination pages by.
///
/// The first 48 bits are the Unix millisecond. Within a millisecond the next 42 bits (the 12 of `rand_a` and the
/// top 30 of `rand_b`) are a counter that starts at a random value and counts up (RFC 9562 §6.2, method 1), so
/// that ids made by this process in the same millisecond also sort in creation order; the last 32 bits are random.
public enum LedgerID {
    private static let counterBits: UInt64 = 42
    /// The last id's millisecond and counter.
    private static let last = Mutex<(millis: UInt64, counter: UInt64)>((0, 0))
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A new UUIDv7 string, lowercase.
    public static func make() -> String {
        let now = UInt64(max(0, Timestamp.now() / Timestamp.nanosPerMillisecond))
        // One getrandom call for 64 bits, the high half for a new counter, the low half for the random tail:
        // `UInt8.random` would make one per byte.
        var random = SystemRandomNumberGenerator()
        let entropy = random.next()
        let (millis, counter) = last.withLock { last -> (UInt64, UInt64) in
            // A new millisecond starts the counter in the lower half of its range, leaving room to count up; a
            // clock that stepped back, or a counter run out, goes on from the last id.
            let start = (entropy >> 32) << (counterBits - 1 - 32)
            if now > last.millis {
                last = (now, start)
            } else if last.counter + 1 < 1 << counterBits {
                last.counter += 1
            } else {
                last = (last.millis + 1, start)
            }
            return last
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(index)))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 38)
        bytes[7] = UInt8(truncatingIfNeeded: counter >> 30)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: counter >> 24) & 0x3F
        bytes[9] = UInt8(truncatingIfNeeded: counter >> 16)
        bytes[10] = UInt8(truncatingIfNeeded: counter >> 8)
        bytes[11] = UInt8(truncatingIfNeeded: counter)
        for index in 0..<4 { bytes[12 + index] = UInt8(truncatingIfNeeded: entropy >> (8 * UInt64(index))) }
        // Hex by table: `String(format:)` per byte is slow on Linux, and every order makes several ids.
        let digits = Self.hexDigits
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
