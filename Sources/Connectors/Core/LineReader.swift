#if canImport(Glibc)
import Glibc
#endif

/// One line of a feed file, without its terminator.
public struct FeedLine: Sendable {
    /// The line's bytes (`\r\n` and `\n` removed).
    public var bytes: ArraySlice<UInt8>
    /// The 1-based line number.
    public var number: Int64
    /// The byte offset of its first byte in the decompressed input.
    public var byteOffset: Int64
    /// Whether a newline ended it; `false` for a last line cut off at the end of the input.
    public var terminated: Bool
}

/// A file's bytes, read in large chunks and decompressed if gzip (detected by its magic bytes).
public final class ByteInput {
    /// The file's path.
    public let path: String
    /// Whether the file is gzip-compressed.
    public let isGzip: Bool
    private let descriptor: Int32
    private var inflater: GzipInflater?
    private var raw = [UInt8](repeating: 0, count: 1 << 20)

    /// Opens a file.
    ///
    /// - Throws: ``ConnectorError`` `.io` if it cannot be opened.
    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ConnectorError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var magic: [UInt8] = [0, 0]
        let count = pread(descriptor, &magic, 2, 0)
        isGzip = count == 2 && magic[0] == 0x1f && magic[1] == 0x8b
        if isGzip { inflater = try GzipInflater() }
    }

    deinit { close(descriptor) }

    /// Whether the gzip stream ended cleanly (always `true` for a plain file); meaningful at the end of input.
    public var compressedStreamComplete: Bool { inflater?.atMemberBoundary ?? true }

    /// Appends the next chunk of (decompressed) bytes to `buffer`.
    ///
    /// - Returns: `false` at the end of the file.
    /// - Throws: ``ConnectorError`` `.io` on a read error, `.compression` on corrupt gzip data.
    public func read(appendingTo buffer: inout [UInt8]) throws -> Bool {
        let count = raw.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw ConnectorError(.io, "cannot read \(path): \(String(cString: strerror(errno)))") }
        if count == 0 { return false }
        if let inflater {
            try raw.withUnsafeBytes { try inflater.inflate(UnsafeRawBufferPointer(rebasing: $0[0..<count]), into: &buffer) }
        } else {
            buffer.append(contentsOf: raw[0..<count])
        }
        return true
    }
}

/// Reads a file line by line (plain or gzip).
public final class LineReader {
    /// The bytes underneath.
    public let input: ByteInput
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var bufferOffset: Int64 = 0
    private var lineNumber: Int64 = 0
    private var endOfInput = false

    /// Opens a file.
    ///
    /// - Throws: ``ConnectorError`` `.io` if it cannot be opened.
    public init(path: String) throws {
        input = try ByteInput(path: path)
    }

    /// The next line, or `nil` at the end of the input.
    ///
    /// - Throws: ``ConnectorError`` `.io` on a read error, `.compression` on corrupt gzip data.
    public func nextLine() throws -> FeedLine? {
        while true {
            let found = buffer.withUnsafeBufferPointer { all -> Int? in
                guard cursor < all.count, let hit = memchr(all.baseAddress! + cursor, 10, all.count - cursor) else { return nil }
                return all.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                var end = newline
                if end > cursor, buffer[end - 1] == 13 { end -= 1 }
                lineNumber += 1
                let line = FeedLine(
                    bytes: buffer[cursor..<end], number: lineNumber, byteOffset: bufferOffset + Int64(cursor),
                    terminated: true)
                cursor = newline + 1
                return line
            }
            if endOfInput {
                guard cursor < buffer.count else { return nil }
                lineNumber += 1
                let line = FeedLine(
                    bytes: buffer[cursor...], number: lineNumber, byteOffset: bufferOffset + Int64(cursor),
                    terminated: false)
                cursor = buffer.count
                return line
            }
            if cursor > 0 {
                bufferOffset += Int64(cursor)
                buffer.removeFirst(cursor)
                cursor = 0
            }
            endOfInput = try !input.read(appendingTo: &buffer)
        }
    }
}
