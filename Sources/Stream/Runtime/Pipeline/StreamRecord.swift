/// A typed record flowing through a pipeline.
public struct StreamRecord<Value: Sendable>: Sendable {
    /// The partitioning key: the instrument id for market data. Records of one key stay in order.
    public var key: [UInt8]?
    /// The decoded value.
    public var value: Value
    /// When the event happened, in nanoseconds since the Unix epoch, UTC.
    public var eventTimeNanos: Int64
    /// Where the record that produced this one was read, if it came from a log.
    public var position: SourcePosition?

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - key: the partitioning key.
    ///   - value: the value.
    ///   - eventTimeNanos: the event time in nanoseconds since the epoch.
    ///   - position: where it was read, if anywhere.
    public init(key: [UInt8]?, value: Value, eventTimeNanos: Int64, position: SourcePosition? = nil) {
        self.key = key
        self.value = value
        self.eventTimeNanos = eventTimeNanos
        self.position = position
    }

    /// The same record with another value, keeping key, event time and position.
    ///
    /// - Parameter transform: computes the new value.
    /// - Throws: whatever `transform` throws.
    public func map<NewValue: Sendable>(_ transform: (Value) throws -> NewValue) rethrows -> StreamRecord<NewValue> {
        StreamRecord<NewValue>(key: key, value: try transform(value), eventTimeNanos: eventTimeNanos, position: position)
    }
}

extension StreamRecord: Equatable where Value: Equatable {}
extension StreamRecord: Hashable where Value: Hashable {}
