/// Reads what a ``ByteWriter`` wrote, failing with ``StreamError`` `.checkpoint` on truncated or malformed input.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// The index of the next byte to read.
    public private(set) var cursor = 0

    /// Creates a reader over bytes.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The number of bytes left.
    public var remaining: Int { bytes.count - cursor }

    /// Reads `count` raw bytes.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if fewer remain.
    public mutating func readRaw(count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else {
            throw StreamError(.checkpoint, "truncated data: \(count) bytes wanted at \(cursor), \(remaining) left")
        }
        defer { cursor += count }
        return Array(bytes[cursor..<(cursor + count)])
    }

    /// Reads a little-endian unsigned integer.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated.
    public mutating func read<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type = T.self) throws -> T {
        let width = T.bitWidth / 8
        guard width <= remaining else {
            throw StreamError(.checkpoint, "truncated data: \(width) bytes wanted at \(cursor), \(remaining) left")
        }
        var value: T = 0
        for index in 0..<width { value |= T(bytes[cursor + index]) << (8 * index) }
        cursor += width
        return value
    }

    /// Reads a little-endian signed 64-bit integer.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated.
    public mutating func readInt64() throws -> Int64 {
        Int64(bitPattern: try read(UInt64.self))
    }

    /// Reads a little-endian signed 32-bit integer.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated.
    public mutating func readInt32() throws -> Int32 {
        Int32(bitPattern: try read(UInt32.self))
    }

    /// Reads a `Double` from its bit pattern.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated.
    public mutating func readDouble() throws -> Double {
        Double(bitPattern: try read(UInt64.self))
    }

    /// Reads length-prefixed bytes.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated.
    public mutating func readBytes() throws -> [UInt8] {
        try readRaw(count: Int(try read(UInt32.self)))
    }

    /// Reads a length-prefixed UTF-8 string.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if the data is truncated or not UTF-8.
    public mutating func readString() throws -> String {
        let raw = try readBytes()
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw StreamError(.checkpoint, "invalid UTF-8 string ending at \(cursor)")
        }
        return text
    }

    /// Checks that everything was read.
    ///
    /// - Throws: ``StreamError`` `.checkpoint` if bytes are left over.
    public func expectEnd() throws {
        guard remaining == 0 else { throw StreamError(.checkpoint, "\(remaining) unexpected trailing bytes") }
    }
}
