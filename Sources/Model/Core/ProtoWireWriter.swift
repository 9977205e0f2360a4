/// Writes the Protobuf binary encoding field by field, byte for byte as SwiftProtobuf serializes the generated
/// messages: fields in the order they are written (callers write them in field-number order), proto3 defaults left
/// out (an empty string, zero — a double whose bit pattern is zero —, `false`, the zero enum value).
///
/// The types on the stream's hot path (``MarketEvent``, ``EnrichedTick``, ``TopOfBook``) encode through it: building
/// the generated message, copying every string into its storage, then visiting it cost more than the encoding.
/// `ProtoWireWriterTests` checks their bytes against SwiftProtobuf's.
struct ProtoWireWriter {
    private(set) var bytes: [UInt8] = []

    /// An empty writer with room for `capacity` bytes.
    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The bytes `write` writes into a writer with room for `capacity`.
    static func encoded(capacity: Int, _ write: (inout ProtoWireWriter) -> Void) -> [UInt8] {
        var writer = ProtoWireWriter(capacity: capacity)
        write(&writer)
        return writer.bytes
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func tag(_ field: Int, wireType: UInt64) {
        varint(UInt64(field) << 3 | wireType)
    }

    private mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A `string` field.
    mutating func string(_ field: Int, _ value: String) {
        guard !value.isEmpty else { return }
        tag(field, wireType: 2)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A `double` field.
    mutating func double(_ field: Int, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        tag(field, wireType: 1)
        fixed64(value.bitPattern)
    }

    /// An `sfixed64` field.
    mutating func sfixed64(_ field: Int, _ value: Int64) {
        guard value != 0 else { return }
        tag(field, wireType: 1)
        fixed64(UInt64(bitPattern: value))
    }

    /// A `uint64` field.
    mutating func uint64(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, wireType: 0)
        varint(value)
    }

    /// A `bool` field.
    mutating func bool(_ field: Int, _ value: Bool) {
        guard value else { return }
        tag(field, wireType: 0)
        bytes.append(1)
    }

    /// An enum field, by its number (negative numbers take ten bytes, as in Protobuf).
    mutating func enumeration(_ field: Int, _ number: Int) {
        guard number != 0 else { return }
        tag(field, wireType: 0)
        varint(UInt64(bitPattern: Int64(number)))
    }

    /// A message field, present even when empty (a set `oneof` member): `body` writes the message's fields.
    mutating func message(_ field: Int, _ body: (inout ProtoWireWriter) -> Void) {
        tag(field, wireType: 2)
        // The length goes before the body, which is written in place: one byte is reserved, and the body is moved
        // along in the rare case its length needs more.
        let lengthAt = bytes.count
        bytes.append(0)
        body(&self)
        let length = bytes.count - lengthAt - 1
        guard length >= 0x80 else {
            bytes[lengthAt] = UInt8(length)
            return
        }
        var prefix = ProtoWireWriter(capacity: 10)
        prefix.varint(UInt64(length))
        bytes.replaceSubrange(lengthAt..<(lengthAt + 1), with: prefix.bytes)
    }
}
