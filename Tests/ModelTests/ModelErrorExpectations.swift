import Testing

@testable import Model

/// Asserts that decoding `message` (after serializing it to bytes) throws a ``ModelError`` with code
/// `.invalidField` naming `field` and the message type, and that the description mentions both.
func expectInvalidField<Value: ProtobufRepresentable>(
    _: Value.Type, _ message: Value.ProtoMessage, field: String, mentioning text: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let bytes: [UInt8] = try message.serializedBytes()
    do {
        let value = try Value(serializedBytes: bytes)
        Issue.record("expected \(Value.protoMessageName).\(field) to be rejected, decoded \(value)", sourceLocation: sourceLocation)
    } catch let error as ModelError {
        #expect(error.code == .invalidField, "\(error)", sourceLocation: sourceLocation)
        #expect(error.messageType == Value.protoMessageName, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains("\(Value.protoMessageName).\(field)"), "\(error)", sourceLocation: sourceLocation)
        if let text {
            #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
        }
    }
}

/// Asserts that `bytes` are rejected as malformed Protobuf with a ``ModelError`` of code `.decoding`.
func expectDecodingError<Value: ProtobufRepresentable>(
    _: Value.Type, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let value = try Value(serializedBytes: bytes)
        Issue.record("expected \(bytes) to be rejected, decoded \(value)", sourceLocation: sourceLocation)
    } catch let error as ModelError {
        #expect(error.code == .decoding, "\(error)", sourceLocation: sourceLocation)
        #expect(error.messageType == Value.protoMessageName, "\(error)", sourceLocation: sourceLocation)
        #expect(error.underlying != nil, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected a ModelError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Round-trips `value` through its Protobuf bytes and returns the decoded value.
func roundTrip<Value: ProtobufRepresentable>(_ value: Value) throws -> Value {
    try Value(serializedBytes: value.serializedBytes())
}
