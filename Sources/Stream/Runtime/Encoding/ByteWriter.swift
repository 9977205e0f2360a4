/// Appends fixed-width little-endian integers and length-prefixed fields to a byte buffer: the building block of
/// checkpoint files and operator snapshots.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init() {}

    /// Appends raw bytes, without a length.
    public mutating func writeRaw(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends an unsigned integer, little-endian.
    public mutating func write<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var remaining = value
        for _ in 0..<(T.bitWidth / 8) {
            bytes.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    /// Appends a signed 64-bit integer, little-endian two's complement.
    public mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: value))
    }

    /// Appends a signed 32-bit integer, little-endian two's complement.
    public mutating func write(_ value: Int32) {
        write(UInt32(bitPattern: value))
    }

    /// Appends a `Double` as its IEEE-754 bit pattern.
    public mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    /// Appends bytes prefixed by their count (UInt32).
    public mutating func writeBytes(_ field: [UInt8]) {
        write(UInt32(field.count))
        bytes.append(contentsOf: field)
    }

    /// Appends a string as length-prefixed UTF-8.
    public mutating func writeString(_ text: String) {
        writeBytes(Array(text.utf8))
    }
}
