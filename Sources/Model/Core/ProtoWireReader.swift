import SwiftProtobuf

/// Reads the Protobuf binary encoding field by field, with SwiftProtobuf's rules: a later occurrence of a scalar
/// field replaces an earlier one, a known field of the wrong wire type is skipped like an unknown one, unknown
/// fields (groups included) are skipped, strings must be valid UTF-8, and truncated or malformed input throws.
///
/// The types on the stream's hot path (``Trade``, ``Quote``, ``MarketEvent``, ``EnrichedTick``, ``TopOfBook``)
/// decode their fields through it and validate them as ``ProtobufRepresentable/init(proto:)`` does: SwiftProtobuf's
/// generic decoder cost several times the decoding itself. `ProtoWireReaderTests` checks that it accepts and rejects what SwiftProtobuf does and
/// decodes the same values, on valid and on corrupted encodings.
struct ProtoWireReader {
    /// The wire types of the encoding.
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    /// Why the input was refused.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    private let end: Int
    /// The number and wire type of the field ``nextField()`` returned.
    private(set) var field = 0
    private(set) var wireType = WireType.varint

    /// How deeply unknown groups may nest, as SwiftProtobuf's default message depth limit.
    private static let depthLimit = 100

    private init(_ bytes: UnsafeRawBufferPointer, from offset: Int, to end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    /// Reads a message of type `messageType` from `bytes` with `read`.
    ///
    /// - Throws: ``ModelError`` `.decoding`, as ``ProtobufRepresentable/init(serializedBytes:)`` does, for input
    ///   that is not a valid encoding; what `read` throws otherwise.
    static func decode<T>(_ bytes: [UInt8], messageType: String, _ read: (inout ProtoWireReader) throws -> T) throws -> T {
        do {
            return try bytes.withUnsafeBytes { buffer in
                var reader = ProtoWireReader(buffer, from: 0, to: buffer.count)
                return try read(&reader)
            }
        } catch let error as Malformed {
            throw ModelError(.decoding, "cannot decode \(bytes.count) bytes: \(error)", messageType: messageType, underlying: error)
        }
    }

    /// Reads a whole message of type `M` from `bytes`, its fields read by `merge`.
    ///
    /// - Throws: as ``decode(_:messageType:_:)``.
    static func decode<M: SwiftProtobuf.Message>(_ bytes: [UInt8], _ merge: (inout ProtoWireReader, inout M) throws -> Void) throws -> M {
        try decode(bytes, messageType: M.protoMessageName) { reader in
            var message = M()
            try merge(&reader, &message)
            return message
        }
    }

    /// The current field's embedded message read by `merge` over `message` (as Protobuf merges a repeated message
    /// field); this reader moves past it.
    mutating func message<M>(over message: M, _ merge: (inout ProtoWireReader, inout M) throws -> Void) throws -> M {
        var body = try self.message()
        var merged = message
        try merge(&body, &merged)
        return merged
    }

    /// The number of the next field, its wire type in ``wireType``; `nil` at the end of the message.
    mutating func nextField() throws -> Int? {
        guard offset < end else { return nil }
        let (number, type) = try tag()
        // An end-group tag only closes a group, and groups are skipped whole.
        guard type != .endGroup else { throw Malformed(description: "end-group tag of field \(number) outside a group") }
        (field, wireType) = (number, type)
        return number
    }

    /// Skips the current field's value.
    mutating func skip() throws {
        try skip(wireType, field: field, depth: 0)
    }

    /// A `string` value.
    mutating func string() throws -> String {
        let range = try lengthDelimited()
        let utf8 = UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
        // ASCII, nearly every string here, needs no validation (and the validating initializer is generic, slow).
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        guard let value = String(validating: utf8, as: UTF8.self) else {
            throw Malformed(description: "string of \(range.count) bytes is not valid UTF-8")
        }
        return value
    }

    /// A `double` value.
    mutating func double() throws -> Double { Double(bitPattern: try fixed64()) }

    /// An `sfixed64` value.
    mutating func sfixed64() throws -> Int64 { Int64(bitPattern: try fixed64()) }

    /// A `uint64` value.
    mutating func uint64() throws -> UInt64 { try varint() }

    /// A `uint32` value (the low 32 bits of the varint, as Protobuf reads it).
    mutating func uint32() throws -> UInt32 { UInt32(truncatingIfNeeded: try varint()) }

    /// A `bool` value.
    mutating func bool() throws -> Bool { try varint() != 0 }

    /// An enum value's number.
    mutating func enumeration() throws -> Int { Int(Int32(truncatingIfNeeded: try varint())) }

    /// A reader over an embedded message; this reader moves past it.
    mutating func message() throws -> ProtoWireReader {
        let range = try lengthDelimited()
        return ProtoWireReader(bytes, from: range.lowerBound, to: range.upperBound)
    }

    private mutating func tag() throws -> (Int, WireType) {
        let raw = try varint()
        guard raw < UInt64(UInt32.max), let type = WireType(rawValue: UInt8(raw & 7)), raw >> 3 != 0 else {
            throw Malformed(description: "invalid field tag \(raw) at byte \(offset)")
        }
        return (Int(raw >> 3), type)
    }

    private mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard offset < end, shift <= 63 else { throw Malformed(description: "truncated or overlong varint at byte \(offset)") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) &<< shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func fixed64() throws -> UInt64 {
        guard end - offset >= 8 else { throw Malformed(description: "truncated fixed64 at byte \(offset)") }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    private mutating func lengthDelimited() throws -> Range<Int> {
        let length = try varint()
        guard length < 0x7fff_ffff, length <= UInt64(end - offset) else {
            throw Malformed(description: "length \(length) at byte \(offset) runs past the end")
        }
        let start = offset
        offset += Int(length)
        return start..<offset
    }

    private mutating func skip(_ type: WireType, field: Int, depth: Int) throws {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .lengthDelimited: _ = try lengthDelimited()
        case .fixed32:
            guard end - offset >= 4 else { throw Malformed(description: "truncated fixed32 at byte \(offset)") }
            offset += 4
        case .startGroup:
            guard depth < Self.depthLimit else { throw Malformed(description: "groups nested too deeply") }
            while true {
                guard offset < end else { throw Malformed(description: "group \(field) is not closed") }
                let (number, inner) = try tag()
                if inner == .endGroup {
                    guard number == field else { throw Malformed(description: "group \(field) closed by field \(number)") }
                    return
                }
                try skip(inner, field: number, depth: depth + 1)
            }
        case .endGroup: throw Malformed(description: "unexpected end-group tag")
        }
    }
}
