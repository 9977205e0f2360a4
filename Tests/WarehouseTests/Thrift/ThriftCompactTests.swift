import Testing
@testable import Warehouse

@Suite struct ThriftCompactTests {
    @Test func writesAndReadsFieldsListsAndNestedStructs() throws {
        var w = ThriftCompactWriter()
        w.structBegin()
        w.field(1, i32: -42)
        w.field(3, i64: 1 << 40)
        w.field(20, string: "hello")
        w.field(21, bool: true)
        w.fieldListBegin(22, .i32, count: 20)
        for k in 0..<20 { w.i32(Int32(k * 1000 - 5)) }
        w.fieldStructBegin(23)
        w.field(1, bool: false)
        w.structEnd()
        w.field(24, i32: 7)
        w.structEnd()
        // Known compact-protocol bytes: field 1 i32 -42 → header 0x15, zigzag 83 → 0x53.
        #expect(Array(w.bytes.prefix(2)) == [0x15, 0x53])

        let bytes = Array(w.bytes)
        try bytes.withUnsafeBytes { raw in
            var r = ThriftCompactReader(raw)
            try r.structBegin()
            var seen: [Int16] = []
            while let field = try r.nextField() {
                seen.append(field.id)
                switch field.id {
                case 1: #expect(try r.i32() == -42)
                case 3: #expect(try r.i64() == 1 << 40)
                case 20: #expect(try r.string() == "hello")
                case 21: #expect(try r.bool())
                case 22:
                    let list = try r.listBegin()
                    #expect(list.count == 20)
                    for k in 0..<20 { #expect(try r.i32() == Int32(k * 1000 - 5)) }
                case 24: #expect(try r.i32() == 7)
                default: try r.skip(field.type)
                }
            }
            #expect(seen == [1, 3, 20, 21, 22, 23, 24])
        }
    }

    @Test func truncatedInputThrows() throws {
        var w = ThriftCompactWriter()
        w.structBegin()
        w.field(1, string: "a long enough string")
        w.structEnd()
        let bytes = Array(w.bytes.prefix(8))
        #expect(throws: ThriftDecodingError.self) {
            try bytes.withUnsafeBytes { raw in
                var r = ThriftCompactReader(raw)
                try r.skip(.structure)
            }
        }
    }
}
