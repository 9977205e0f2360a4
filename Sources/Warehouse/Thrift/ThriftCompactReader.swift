/// Reads Thrift compact-protocol structures from a byte buffer, bounds-checked: malformed input throws
/// ``ThriftDecodingError`` instead of trapping.
struct ThriftCompactReader: ~Copyable {
    private let base: UnsafeRawBufferPointer
    private(set) var position: Int
    private var lastFieldId: Int16 = 0
    private var fieldIdStack: [Int16] = []
    private var pendingBool: Bool?

    /// - Parameters:
    ///   - bytes: the buffer; it must outlive the reader.
    ///   - position: where the structure starts.
    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        base = bytes
        self.position = position
    }

    /// Nesting deeper than this is treated as corruption (guards the recursion of `skip`).
    private static let maximumDepth = 64

    mutating func byte() throws -> UInt8 {
        guard position < base.count else { throw ThriftDecodingError("unexpected end of metadata at byte \(position)") }
        defer { position += 1 }
        return base[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ThriftDecodingError("varint longer than 10 bytes at byte \(position)") }
        }
    }

    mutating func i64() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func i32() throws -> Int32 {
        let value = try i64()
        guard let narrow = Int32(exactly: value) else { throw ThriftDecodingError("i32 out of range: \(value)") }
        return narrow
    }

    mutating func double() throws -> Double {
        guard position + 8 <= base.count else { throw ThriftDecodingError("unexpected end of metadata in a double") }
        let bits = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    mutating func binary() throws -> [UInt8] {
        let length = try varint()
        guard length <= UInt64(base.count - position) else {
            throw ThriftDecodingError("binary of \(length) bytes runs past the end of the metadata")
        }
        let n = Int(length)
        defer { position += n }
        return Array(base[position..<(position + n)])
    }

    mutating func string() throws -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// The value of a boolean field just read by ``nextField()`` (compact protocol stores it in the header).
    mutating func bool() throws -> Bool {
        if let pending = pendingBool {
            pendingBool = nil
            return pending
        }
        return try byte() == 1
    }

    mutating func structBegin() throws {
        guard fieldIdStack.count < Self.maximumDepth else { throw ThriftDecodingError("metadata nested too deeply") }
        fieldIdStack.append(lastFieldId)
        lastFieldId = 0
    }

    mutating func structEnd() {
        lastFieldId = fieldIdStack.popLast() ?? 0
    }

    /// The next field's id and type, or `nil` at the struct's stop byte (which also ends the struct).
    mutating func nextField() throws -> (id: Int16, type: ThriftType)? {
        let header = try byte()
        if header == 0 {
            structEnd()
            return nil
        }
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw ThriftDecodingError("unknown field type \(header & 0x0F) at byte \(position - 1)")
        }
        let delta = Int16(header >> 4)
        let id: Int16
        if delta != 0 {
            id = lastFieldId &+ delta
        } else {
            let raw = try i64()
            guard let narrow = Int16(exactly: raw) else { throw ThriftDecodingError("field id out of range") }
            id = narrow
        }
        lastFieldId = id
        if type == .boolTrue || type == .boolFalse { pendingBool = type == .boolTrue }
        return (id, type)
    }

    mutating func listBegin() throws -> (type: ThriftType, count: Int) {
        let header = try byte()
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw ThriftDecodingError("unknown list element type \(header & 0x0F)")
        }
        var count = Int(header >> 4)
        if count == 15 { count = Int(clamping: try varint()) }
        guard count <= base.count - position else { throw ThriftDecodingError("list of \(count) elements runs past the end") }
        return (type, count)
    }

    /// Skips a value of the given type (fields this reader does not know).
    mutating func skip(_ type: ThriftType, depth: Int = 0) throws {
        guard depth < Self.maximumDepth else { throw ThriftDecodingError("metadata nested too deeply") }
        switch type {
        case .stop: return
        case .boolTrue, .boolFalse: pendingBool = nil
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: _ = try double()
        case .binary: _ = try binary()
        case .list, .set:
            let (elementType, count) = try listBegin()
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse { _ = try byte() } else {
                    try skip(elementType, depth: depth + 1)
                }
            }
        case .map:
            let count = Int(clamping: try varint())
            if count > 0 {
                let types = try byte()
                guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F) else {
                    throw ThriftDecodingError("unknown map types")
                }
                for _ in 0..<count {
                    try skip(keyType, depth: depth + 1)
                    try skip(valueType, depth: depth + 1)
                }
            }
        case .structure:
            try structBegin()
            while let field = try nextField() { try skip(field.type, depth: depth + 1) }
        }
    }
}

/// Malformed Thrift metadata; the file reader wraps it into a ``WarehouseError`` naming the file.
struct ThriftDecodingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
