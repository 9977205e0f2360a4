/// Encodes one column of a row group: an optional dictionary page, then v1 data pages of definition levels and
/// PLAIN or RLE_DICTIONARY values, each compressed; computes the chunk's statistics.
final class ColumnChunkEncoder {
    private let options: ParquetWriterOptions
    private let zstd: ZstdContext?
    private var body = ByteSink(capacity: 1 << 20)
    private var compressed = ContiguousArray<UInt8>()
    private var scratch = ContiguousArray<UInt32>()

    init(options: ParquetWriterOptions) {
        self.options = options
        if case .zstd(let level) = options.compression { zstd = ZstdContext(level: level) } else { zstd = nil }
    }

    private var codec: CompressionCodec { zstd == nil ? .uncompressed : .zstd }

    /// Appends the chunk of `column` for rows `range` to `sink`, whose first byte sits at `fileOffset`.
    func encode(_ column: Column, range: Range<Int>, fileOffset: Int, into sink: inout ByteSink) throws -> ColumnChunkMetadata {
        let start = sink.count
        var uncompressedTotal = 0
        var dictionaryOffset: Int?
        var encodings: [Encoding] = [.plain, .rle]
        let validity = column.validity.flatMap { v in v[range].contains(false) ? v : nil }
        let nullCount = validity.map { v in v[range].reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0

        var stringPlan: StringChunkPlan?
        if case .string(let strings) = column.values {
            let plan = StringChunkPlan(strings, range: range, validity: validity)
            if plan.dictionaryBytes <= options.dictionaryPageLimit {
                dictionaryOffset = fileOffset + sink.count - start
                body.removeAll()
                for entry in plan.entries { plan.appendPlain(entry, into: &body) }
                uncompressedTotal += try appendPage(
                    PageHeader(type: .dictionaryPage, uncompressedSize: 0, compressedSize: 0,
                               numValues: Int32(plan.entries.count), encoding: .plain),
                    into: &sink
                )
                encodings.append(.rleDictionary)
            }
            stringPlan = plan
        }

        let dataOffset = fileOffset + sink.count - start
        let width = column.spec.type.valueWidth
        let plainStrings = stringPlan.map { $0.dictionaryBytes > options.dictionaryPageLimit } ?? false
        let rowWidth = plainStrings ? max(8, (stringPlan?.averageLength ?? 0) + 4) : width
        let rowsPerPage = max(1, options.pageBytes / rowWidth)
        var pageStart = range.lowerBound
        while pageStart < range.upperBound {
            let pageEnd = min(range.upperBound, pageStart + rowsPerPage)
            body.removeAll()
            let page = pageStart..<pageEnd
            appendDefinitionLevels(validity, page)
            let encoding: Encoding
            if let plan = stringPlan, !plainStrings {
                appendDictionaryIndices(plan, validity, page)
                encoding = .rleDictionary
            } else {
                try PlainEncoder.append(column, stringPlan: stringPlan, rows: page, validity: validity, into: &body)
                encoding = .plain
            }
            uncompressedTotal += try appendPage(
                PageHeader(type: .dataPage, uncompressedSize: 0, compressedSize: 0,
                           numValues: Int32(page.count), encoding: encoding),
                into: &sink
            )
            pageStart = pageEnd
        }

        var statistics = ColumnStatisticsBuilder.statistics(column, range: range, validity: validity, stringPlan: stringPlan)
        statistics.nullCount = Int64(nullCount)
        return ColumnChunkMetadata(
            type: ParquetSchemaMapping.elements(for: Schema([column.spec]))[1].type!, encodings: encodings,
            path: [column.name], codec: codec, numValues: Int64(range.count),
            totalUncompressedSize: Int64(uncompressedTotal), totalCompressedSize: Int64(sink.count - start),
            dataPageOffset: Int64(dataOffset), dictionaryPageOffset: dictionaryOffset.map(Int64.init),
            statistics: statistics
        )
    }

    /// Compresses ``body`` and appends header and page; returns the uncompressed size with the header.
    private func appendPage(_ header: PageHeader, into sink: inout ByteSink) throws -> Int {
        var header = header
        header.uncompressedSize = Int32(body.count)
        let headerStart = sink.count
        if let zstd {
            compressed.removeAll(keepingCapacity: true)
            let size = try body.bytes.withUnsafeBytes { try zstd.compress($0, appendingTo: &compressed) }
            header.compressedSize = Int32(size)
            header.encode(into: &sink)
            sink.append(contentsOf: compressed)
        } else {
            header.compressedSize = Int32(body.count)
            header.encode(into: &sink)
            sink.append(contentsOf: body.bytes)
        }
        return (sink.count - headerStart) - Int(header.compressedSize) + body.count
    }

    /// Definition levels of an optional column: a 4-byte length, then the hybrid encoding at bit width 1.
    private func appendDefinitionLevels(_ validity: ContiguousArray<Bool>?, _ rows: Range<Int>) {
        let lengthAt = body.count
        body.appendLittleEndian(UInt32(0))
        if let validity {
            scratch.removeAll(keepingCapacity: true)
            for row in rows { scratch.append(validity[row] ? 1 : 0) }
            scratch.withUnsafeBufferPointer { RleBitPackedHybrid.encode($0, bitWidth: 1, into: &body) }
        } else {
            RleBitPackedHybrid.encodeRun(1, count: rows.count, bitWidth: 1, into: &body)
        }
        body.patchLittleEndian(UInt32(body.count - lengthAt - 4), at: lengthAt)
    }

    /// RLE_DICTIONARY values: the bit width in one byte, then the hybrid encoding of the non-null indices.
    private func appendDictionaryIndices(_ plan: StringChunkPlan, _ validity: ContiguousArray<Bool>?, _ rows: Range<Int>) {
        let bitWidth = max(1, RleBitPackedHybrid.bitWidth(forMaximum: UInt32(max(0, plan.entries.count - 1))))
        body.append(UInt8(bitWidth))
        scratch.removeAll(keepingCapacity: true)
        plan.remapped.withUnsafeBufferPointer { remapped in
            let offset = plan.range.lowerBound
            if let validity {
                for row in rows where validity[row] { scratch.append(remapped[row - offset]) }
            } else {
                scratch.append(contentsOf: remapped[(rows.lowerBound - offset)..<(rows.upperBound - offset)])
            }
        }
        scratch.withUnsafeBufferPointer { RleBitPackedHybrid.encode($0, bitWidth: bitWidth, into: &body) }
    }
}
