import SwiftProtobuf

/// A model value with a Protobuf wire form defined in `topics/schema/*.proto`.
///
/// Conforming types map to and from their generated message and get byte-level
/// `serializedBytes()` / `init(serializedBytes:)` for free. Decoding validates what a decoder can
/// know (required strings present, numbers finite and in range, enum values known, decimal strings
/// exact) and throws ``ModelError``.
public protocol ProtobufRepresentable: Sendable {
    /// The generated Protobuf message type.
    associatedtype ProtoMessage: SwiftProtobuf.Message

    /// Creates a value from a decoded message, validating every field.
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/invalidField`` naming the message and field.
    init(proto: ProtoMessage) throws

    /// The Protobuf message for this value.
    var proto: ProtoMessage { get }

    /// The Protobuf binary encoding of this value: by default ``proto``'s serialization; the hot types write
    /// their fields directly (``ProtoWireWriter``), to the same bytes.
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/encoding`` if the message cannot be serialized.
    func serializedBytes() throws -> [UInt8]

    /// Decodes and validates a value from the Protobuf binary encoding of ``ProtoMessage``: by default through
    /// the generated message; the hot types read their fields directly (``ProtoWireReader``), to the same value.
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/decoding`` for malformed bytes, or
    ///   ``ModelError/Code/invalidField`` for a well-formed message with an invalid field.
    init(serializedBytes bytes: [UInt8]) throws
}

extension ProtobufRepresentable {
    /// The fully qualified Protobuf name of the wire message, e.g. `tickflow.v1.Trade`.
    public static var protoMessageName: String { ProtoMessage.protoMessageName }

    /// Decodes and validates a value from the Protobuf binary encoding of ``ProtoMessage``.
    ///
    /// Unknown fields are ignored, so readers keep working when writers add fields.
    /// - Throws: ``ModelError`` with code ``ModelError/Code/decoding`` for malformed bytes, or
    ///   ``ModelError/Code/invalidField`` for a well-formed message with an invalid field.
    public init(serializedBytes bytes: [UInt8]) throws {
        let message: ProtoMessage
        do {
            message = try ProtoMessage(serializedBytes: bytes)
        } catch {
            throw ModelError(
                .decoding, "cannot decode \(bytes.count) bytes: \(error)",
                messageType: ProtoMessage.protoMessageName, underlying: error)
        }
        try self.init(proto: message)
    }

    /// The Protobuf binary encoding of this value.
    ///
    /// - Throws: ``ModelError`` with code ``ModelError/Code/encoding`` if the message cannot be serialized.
    public func serializedBytes() throws -> [UInt8] {
        do {
            return try proto.serializedBytes()
        } catch {
            throw ModelError(
                .encoding, "cannot serialize: \(error)", messageType: ProtoMessage.protoMessageName,
                underlying: error)
        }
    }
}
