import CZlib

/// Streaming gzip decompression through zlib: feed compressed chunks, get decompressed bytes.
///
/// Handles concatenated gzip members (as `cat a.gz b.gz` makes). The only code that imports CZlib.
final class GzipInflater {
    private var stream = z_stream()
    private var finishedMember = false

    /// Starts an inflater for gzip input.
    ///
    /// - Throws: ``ConnectorError`` `.compression` when zlib cannot be initialised.
    init() throws {
        // 15 + 16: a 32 KB window and gzip (not zlib) framing.
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ConnectorError(.compression, "zlib inflateInit2 failed (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Whether every member seen so far ended cleanly (false while one is still open).
    var atMemberBoundary: Bool { finishedMember }

    /// Decompresses `input` and appends the output to `output`.
    ///
    /// - Throws: ``ConnectorError`` `.compression` for corrupt data.
    func inflate(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while stream.avail_in > 0 {
            let (status, produced) = chunk.withUnsafeMutableBytes { buffer -> (Int32, Int) in
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, buffer.count - Int(stream.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                finishedMember = true
                // Another gzip member may follow.
                if stream.avail_in > 0 {
                    guard inflateReset(&stream) == Z_OK else { throw ConnectorError(.compression, "zlib inflateReset failed") }
                    finishedMember = false
                }
            case Z_OK, Z_BUF_ERROR:
                finishedMember = false
                if status == Z_BUF_ERROR && produced == 0 { return }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw ConnectorError(.compression, "corrupt gzip data: \(message)")
            }
        }
    }
}
