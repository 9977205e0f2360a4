import CZstd

/// Zstandard compression of column pages (Parquet's ZSTD codec), through libzstd.
public enum Zstd {
    /// Compresses bytes into one zstd frame that records its content size.
    ///
    /// - Parameter level: 1 (fast) to 19 (small); 3 is zstd's default.
    /// - Throws: ``WarehouseError`` (`.compression`) with libzstd's reason.
    public static func compress(_ input: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                ZSTD_compress(destination.baseAddress, destination.count, source.baseAddress, source.count, level)
            }
        }
        try check(written, "compress \(input.count) bytes")
        output.removeLast(output.count - written)
        return output
    }

    /// Decompresses one zstd frame.
    ///
    /// - Parameter expectedSize: the decompressed size when the caller knows it (Parquet page headers do);
    ///   otherwise read from the frame.
    /// - Throws: ``WarehouseError`` (`.compression`) for corrupt input or a size mismatch.
    public static func decompress(_ input: [UInt8], expectedSize: Int? = nil) throws -> [UInt8] {
        let size: Int
        if let expectedSize {
            size = expectedSize
        } else {
            let frameSize = input.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
            guard frameSize != ZSTD_CONTENTSIZE_ERROR, frameSize != ZSTD_CONTENTSIZE_UNKNOWN else {
                throw WarehouseError(.compression, "not a zstd frame with a known size (\(input.count) bytes)")
            }
            size = Int(frameSize)
        }
        var output = [UInt8](repeating: 0, count: size)
        let written = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                ZSTD_decompress(destination.baseAddress, destination.count, source.baseAddress, source.count)
            }
        }
        try check(written, "decompress \(input.count) bytes")
        guard written == size else {
            throw WarehouseError(.compression, "decompressed \(written) bytes, expected \(size)")
        }
        return output
    }

    private static func check(_ result: Int, _ action: String) throws {
        if ZSTD_isError(result) != 0 {
            throw WarehouseError(.compression, "zstd cannot \(action): \(String(cString: ZSTD_getErrorName(result)))")
        }
    }
}
