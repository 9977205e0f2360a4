/// `PageHeader` with the data-page (v1 and v2) and dictionary-page headers TickFlow reads and writes.
struct PageHeader {
    var type: PageType
    var uncompressedSize: Int32
    var compressedSize: Int32
    /// Values in the page, nulls included (data pages) or dictionary entries (dictionary pages).
    var numValues: Int32
    var encoding: Encoding
    /// Data page v2 only: the sizes of the uncompressed level sections and whether the values are compressed.
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true

    func encode(into sink: inout ByteSink) {
        var w = ThriftCompactWriter()
        w.structBegin()
        w.field(1, i32: type.rawValue)
        w.field(2, i32: uncompressedSize)
        w.field(3, i32: compressedSize)
        switch type {
        case .dictionaryPage:
            w.fieldStructBegin(7)
            w.field(1, i32: numValues)
            w.field(2, i32: encoding.rawValue)
            w.structEnd()
        default:
            w.fieldStructBegin(5)
            w.field(1, i32: numValues)
            w.field(2, i32: encoding.rawValue)
            w.field(3, i32: Encoding.rle.rawValue)
            w.field(4, i32: Encoding.rle.rawValue)
            w.structEnd()
        }
        w.structEnd()
        sink.append(contentsOf: w.bytes)
    }

    /// Decodes a page header at `position`; returns it and where the page body starts.
    static func decode(_ bytes: UnsafeRawBufferPointer, at position: Int) throws -> (PageHeader, Int) {
        var r = ThriftCompactReader(bytes, position: position)
        var type: PageType?
        var uncompressed: Int32?
        var compressed: Int32?
        var header = PageHeader(type: .dataPage, uncompressedSize: 0, compressedSize: 0, numValues: 0, encoding: .plain)
        try r.structBegin()
        while let field = try r.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): type = PageType(rawValue: try r.i32())
            case (2, .i32): uncompressed = try r.i32()
            case (3, .i32): compressed = try r.i32()
            case (5, .structure), (7, .structure), (8, .structure):
                try r.structBegin()
                while let f = try r.nextField() {
                    switch (field.id, f.id, f.type) {
                    case (_, 1, .i32): header.numValues = try r.i32()
                    case (5, 2, .i32), (7, 2, .i32), (8, 4, .i32):
                        let raw = try r.i32()
                        guard let encoding = Encoding(rawValue: raw) else { throw ThriftDecodingError("unknown encoding \(raw)") }
                        header.encoding = encoding
                    case (8, 5, .i32): header.definitionLevelsByteLength = try r.i32()
                    case (8, 6, .i32): header.repetitionLevelsByteLength = try r.i32()
                    case (8, 7, .boolTrue), (8, 7, .boolFalse): header.isCompressed = try r.bool()
                    default: try r.skip(f.type)
                    }
                }
            default: try r.skip(field.type)
            }
        }
        guard let type, let uncompressed, let compressed, uncompressed >= 0, compressed >= 0 else {
            throw ThriftDecodingError("page header lacks its type or sizes")
        }
        header.type = type
        header.uncompressedSize = uncompressed
        header.compressedSize = compressed
        return (header, r.position)
    }
}
