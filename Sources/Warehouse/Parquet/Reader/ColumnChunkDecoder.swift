import Foundation

/// Decodes one column chunk (dictionary page, v1 and v2 data pages, PLAIN and dictionary encodings, zstd or
/// uncompressed) into a ``Column``. Every read is bounds-checked: a malformed chunk throws, never traps.
struct ColumnChunkDecoder {
    let leaf: ParquetSchemaMapping.Leaf
    let meta: ColumnChunkMetadata
    let zstd: ZstdContext

    /// Decodes the chunk's `rows` rows from `chunk`, the bytes of the whole chunk.
    func decode(_ chunk: UnsafeRawBufferPointer, rows: Int) throws -> Column {
        var output = ColumnOutput(type: leaf.spec.type, rows: rows)
        var dictionary: ColumnOutput?
        var position = 0
        var row = 0
        var levels = [UInt32](repeating: 0, count: 0)
        let pageBuffer = PageBuffer()
        while row < rows {
            let (header, bodyStart) = try PageHeader.decode(chunk, at: position)
            guard header.uncompressedSize <= 1 << 30, header.numValues >= 0 else {
                throw HybridDecodingError("page header claims \(header.uncompressedSize) bytes and \(header.numValues) values")
            }
            let bodyEnd = bodyStart + Int(header.compressedSize)
            guard bodyEnd <= chunk.count else { throw HybridDecodingError("page body runs past the column chunk") }
            position = bodyEnd
            let stored = UnsafeRawBufferPointer(rebasing: chunk[bodyStart..<bodyEnd])
            switch header.type {
            case .dictionaryPage:
                let page = try uncompressed(stored, header, pageBuffer)
                var dict = ColumnOutput(type: leaf.spec.type, rows: Int(header.numValues))
                var reader = PageValueReader(bytes: page, position: 0)
                try dict.decodePlain(&reader, leaf: leaf, count: Int(header.numValues), at: 0)
                if case .string = leaf.spec.type { output.adoptDictionary(dict) }
                dictionary = dict
            case .dataPage, .dataPageV2:
                let n = Int(header.numValues)
                guard n >= 0, row + n <= rows else { throw HybridDecodingError("pages hold more values than the chunk's \(rows) rows") }
                var valuesReader: PageValueReader
                var nonNull = n
                if levels.count < n { levels = [UInt32](repeating: 0, count: n) }
                if header.type == .dataPage {
                    let page = try uncompressed(stored, header, pageBuffer)
                    valuesReader = PageValueReader(bytes: page, position: 0)
                    if leaf.optional {
                        let length = Int(try valuesReader.uint32())
                        let raw = try valuesReader.take(length, "definition levels")
                        nonNull = try levels.withUnsafeMutableBufferPointer { try decodeLevels(raw, n, $0.baseAddress!) }
                    }
                } else {
                    let levelBytes = Int(header.definitionLevelsByteLength) + Int(header.repetitionLevelsByteLength)
                    guard header.repetitionLevelsByteLength == 0, levelBytes <= stored.count else {
                        throw HybridDecodingError("v2 page levels are malformed or repeated")
                    }
                    if leaf.optional {
                        let raw = UnsafeRawBufferPointer(rebasing: stored[0..<levelBytes])
                        nonNull = try levels.withUnsafeMutableBufferPointer { try decodeLevels(raw, n, $0.baseAddress!) }
                    }
                    let values = UnsafeRawBufferPointer(rebasing: stored[levelBytes...])
                    var v2 = header
                    v2.uncompressedSize -= Int32(levelBytes)
                    let page = header.isCompressed ? try uncompressed(values, v2, pageBuffer) : values
                    valuesReader = PageValueReader(bytes: page, position: 0)
                }
                switch header.encoding {
                case .plain:
                    try output.decodePlain(&valuesReader, leaf: leaf, count: nonNull, at: row)
                case .plainDictionary, .rleDictionary:
                    guard let dictionary else { throw HybridDecodingError("dictionary-encoded page without a dictionary page") }
                    let raw = UnsafeRawBufferPointer(rebasing: valuesReader.bytes[valuesReader.position...])
                    guard let bitWidth = raw.first else {
                        if nonNull == 0 { break }
                        throw HybridDecodingError("dictionary page has no bit width")
                    }
                    var indices = [UInt32](repeating: 0, count: nonNull)
                    try indices.withUnsafeMutableBufferPointer {
                        try RleBitPackedHybrid.decode(UnsafeRawBufferPointer(rebasing: raw[1...]), bitWidth: Int(bitWidth), count: nonNull, into: $0.baseAddress!)
                    }
                    try output.gather(from: dictionary, indices: indices, at: row)
                case .rle where leaf.spec.type == .bool:
                    let raw = UnsafeRawBufferPointer(rebasing: valuesReader.bytes[valuesReader.position...])
                    guard raw.count >= 4 else { throw HybridDecodingError("boolean RLE page too short") }
                    var bits = [UInt32](repeating: 0, count: nonNull)
                    try bits.withUnsafeMutableBufferPointer {
                        try RleBitPackedHybrid.decode(UnsafeRawBufferPointer(rebasing: raw[4...]), bitWidth: 1, count: nonNull, into: $0.baseAddress!)
                    }
                    output.setBools(bits, at: row)
                default:
                    throw WarehouseError(.unsupported, "column \(leaf.spec.name) uses the \(header.encoding) encoding, which TickFlow does not read")
                }
                if nonNull < n {
                    levels.withUnsafeBufferPointer { output.spread(levels: $0, count: n, nonNull: nonNull, at: row) }
                }
                row += n
            case .indexPage:
                continue
            }
        }
        return output.column(leaf.spec)
    }

    private func decodeLevels(_ raw: UnsafeRawBufferPointer, _ count: Int, _ out: UnsafeMutablePointer<UInt32>) throws -> Int {
        try RleBitPackedHybrid.decode(raw, bitWidth: 1, count: count, into: out)
        var nonNull = 0
        for k in 0..<count { nonNull &+= Int(out[k] & 1) }
        return nonNull
    }

    private func uncompressed(
        _ stored: UnsafeRawBufferPointer, _ header: PageHeader, _ buffer: PageBuffer
    ) throws -> UnsafeRawBufferPointer {
        switch meta.codec {
        case .uncompressed:
            return stored
        case .zstd:
            let target = buffer.reserve(Int(header.uncompressedSize))
            try zstd.decompress(stored, into: target)
            return UnsafeRawBufferPointer(target)
        default:
            throw WarehouseError(.unsupported, "column \(leaf.spec.name) is compressed with \(meta.codec); TickFlow reads zstd and uncompressed pages")
        }
    }
}

/// A reusable page-sized allocation that decompressed pages are read from.
final class PageBuffer {
    private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)

    deinit { storage.deallocate() }

    /// The first `size` bytes of the buffer, grown if needed; valid until the next call.
    func reserve(_ size: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < size {
            storage.deallocate()
            storage = .allocate(byteCount: size, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[0..<size])
    }
}
