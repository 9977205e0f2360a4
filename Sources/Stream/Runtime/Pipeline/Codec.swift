/// Converts between a topic's bytes and typed values.
public protocol Codec<Value>: Sendable {
    /// The typed value.
    associatedtype Value: Sendable

    /// Decodes a record value.
    ///
    /// - Parameter bytes: the serialized value.
    /// - Returns: the value.
    /// - Throws: any error describing why the bytes are not a valid value; a pipeline routes the record to its
    ///   dead-letter topic with that description.
    func decode(_ bytes: [UInt8]) throws -> Value

    /// Encodes a value.
    ///
    /// - Parameter value: the value.
    /// - Returns: its serialized form.
    /// - Throws: any error describing why the value cannot be serialized.
    func encode(_ value: Value) throws -> [UInt8]
}
