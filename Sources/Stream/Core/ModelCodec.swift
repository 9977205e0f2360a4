import Model

/// The ``Codec`` of a topic whose values are a Model type: its Protobuf encoding, validated on decode.
///
/// Decoding errors are Model's `ModelError`, naming the message and the field, which a pipeline puts in the
/// dead letter's reason.
public struct ModelCodec<Value: ProtobufRepresentable>: Codec {
    /// Creates the codec.
    public init() {}

    public func decode(_ bytes: [UInt8]) throws -> Value {
        try Value(serializedBytes: bytes)
    }

    public func encode(_ value: Value) throws -> [UInt8] {
        try value.serializedBytes()
    }
}
