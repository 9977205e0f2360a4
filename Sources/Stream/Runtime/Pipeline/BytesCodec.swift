/// The identity ``Codec``: values are the raw bytes.
public struct BytesCodec: Codec {
    /// Creates the codec.
    public init() {}

    /// Returns the bytes unchanged.
    public func decode(_ bytes: [UInt8]) throws -> [UInt8] { bytes }

    /// Returns the bytes unchanged.
    public func encode(_ value: [UInt8]) throws -> [UInt8] { value }
}
