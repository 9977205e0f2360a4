import CZstd

/// Reusable zstd compression and decompression contexts for the page encoders and decoders: one allocation per
/// file instead of one per page.
final class ZstdContext {
    private let cctx: OpaquePointer
    private let dctx: OpaquePointer
    let level: Int32

    init(level: Int32 = 3) {
        cctx = ZSTD_createCCtx()
        dctx = ZSTD_createDCtx()
        self.level = level
    }

    deinit {
        ZSTD_freeCCtx(cctx)
        ZSTD_freeDCtx(dctx)
    }

    /// Compresses `input` and appends the frame to `output`; returns the frame's size.
    func compress(_ input: UnsafeRawBufferPointer, appendingTo output: inout ContiguousArray<UInt8>) throws -> Int {
        let start = output.count
        let bound = ZSTD_compressBound(input.count)
        var written = 0
        output.append(contentsOf: repeatElement(0, count: bound))
        output.withUnsafeMutableBytes { destination in
            written = ZSTD_compressCCtx(cctx, destination.baseAddress! + start, bound, input.baseAddress, input.count, level)
        }
        if ZSTD_isError(written) != 0 {
            output.removeLast(bound)
            throw WarehouseError(.compression, "zstd cannot compress \(input.count) bytes: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeLast(bound - written)
        return written
    }

    /// Decompresses one frame of exactly `size` bytes into `output`.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        let written = ZSTD_decompressDCtx(dctx, output.baseAddress, output.count, input.baseAddress, input.count)
        if ZSTD_isError(written) != 0 {
            throw WarehouseError(.compression, "zstd cannot decompress \(input.count) bytes: \(String(cString: ZSTD_getErrorName(written)))")
        }
        guard written == output.count else {
            throw WarehouseError(.compression, "decompressed \(written) bytes, the page header says \(output.count)")
        }
    }
}
