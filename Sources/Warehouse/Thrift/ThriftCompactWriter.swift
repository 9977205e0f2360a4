/// The element and field types of the Thrift compact protocol.
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
    case binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// Writes Thrift compact-protocol structures (field headers with id deltas, zigzag varints, lists) — the
/// encoding of Parquet's file and page metadata.
struct ThriftCompactWriter {
    var sink = ByteSink(capacity: 256)
    private var lastFieldId: Int16 = 0
    private var fieldIdStack: [Int16] = []

    var bytes: ContiguousArray<UInt8> { sink.bytes }

    mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = id - lastFieldId
        if delta > 0 && delta <= 15 {
            sink.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            sink.append(type.rawValue)
            sink.appendVarint(zigzag(Int64(id)))
        }
        lastFieldId = id
    }

    mutating func structBegin() {
        fieldIdStack.append(lastFieldId)
        lastFieldId = 0
    }

    mutating func structEnd() {
        sink.append(ThriftType.stop.rawValue)
        lastFieldId = fieldIdStack.removeLast()
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        sink.appendVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        sink.appendVarint(zigzag(value))
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field<C: Collection>(_ id: Int16, binary value: C) where C.Element == UInt8 {
        fieldHeader(id, .binary)
        binary(value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    /// Opens a struct-valued field; close it with ``structEnd()``.
    mutating func fieldStructBegin(_ id: Int16) {
        fieldHeader(id, .structure)
        structBegin()
    }

    /// An empty struct field (Thrift's marker structs, such as Parquet's `StringType`).
    mutating func fieldEmptyStruct(_ id: Int16) {
        fieldStructBegin(id)
        structEnd()
    }

    mutating func fieldListBegin(_ id: Int16, _ elementType: ThriftType, count: Int) {
        fieldHeader(id, .list)
        listBegin(elementType, count: count)
    }

    mutating func listBegin(_ elementType: ThriftType, count: Int) {
        if count < 15 {
            sink.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            sink.append(0xF0 | elementType.rawValue)
            sink.appendVarint(UInt64(count))
        }
    }

    mutating func i32(_ value: Int32) { sink.appendVarint(zigzag(Int64(value))) }

    mutating func binary<C: Collection>(_ value: C) where C.Element == UInt8 {
        sink.appendVarint(UInt64(value.count))
        sink.append(contentsOf: value)
    }

    mutating func string(_ value: String) { binary(Array(value.utf8)) }

    @inline(__always) private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
