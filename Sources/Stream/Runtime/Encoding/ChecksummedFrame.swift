/// A self-checking container for persisted state: magic, format version, payload length, payload, CRC-32.
///
/// Checkpoints and partition snapshots are framed this way so that a torn, truncated or corrupted file (or
/// changelog record) is detected on read instead of being misread.
public enum ChecksummedFrame {
    /// Frames a payload.
    ///
    /// - Parameters:
    ///   - payload: the encoded state.
    ///   - magic: the first bytes, naming the kind of content.
    ///   - version: the payload's format number.
    /// - Returns: the framed bytes.
    public static func wrap(_ payload: [UInt8], magic: [UInt8], version: UInt16) -> [UInt8] {
        var file = ByteWriter()
        file.writeRaw(magic)
        file.write(version)
        file.write(UInt64(payload.count))
        file.writeRaw(payload)
        file.write(CRC32.checksum(file.bytes))
        return file.bytes
    }

    /// The payload of a frame written by ``wrap(_:magic:version:)``.
    ///
    /// - Parameters:
    ///   - bytes: the framed bytes.
    ///   - magic: the expected magic.
    ///   - version: the expected format number.
    ///   - kind: what the content is, for error messages (`checkpoint`, `partition snapshot`).
    /// - Throws: ``StreamError`` `.checkpoint` if the magic, version, length or checksum is wrong.
    public static func unwrap(_ bytes: [UInt8], magic: [UInt8], version: UInt16, kind: String) throws -> [UInt8] {
        let headerSize = magic.count + 2 + 8
        guard bytes.count >= headerSize + 4 else {
            throw StreamError(.checkpoint, "\(kind) too short: \(bytes.count) bytes")
        }
        guard Array(bytes[0..<magic.count]) == magic else {
            throw StreamError(.checkpoint, "not a \(kind): bad magic")
        }
        var header = ByteReader(Array(bytes[magic.count..<headerSize]))
        let found = try header.read(UInt16.self)
        guard found == version else {
            throw StreamError(.checkpoint, "\(kind) format \(found) is not supported (expected \(version))")
        }
        let length = try header.read(UInt64.self)
        guard length == UInt64(bytes.count - headerSize - 4) else {
            throw StreamError(.checkpoint, "\(kind) length mismatch: header says \(length), data has \(bytes.count - headerSize - 4)")
        }
        var trailer = ByteReader(Array(bytes[(bytes.count - 4)...]))
        let stored = try trailer.read(UInt32.self)
        let computed = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == computed else {
            throw StreamError(.checkpoint, "\(kind) checksum mismatch: stored \(stored), computed \(computed)")
        }
        return Array(bytes[headerSize..<(bytes.count - 4)])
    }
}
