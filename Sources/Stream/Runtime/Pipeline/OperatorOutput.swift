/// What an operator produces from a batch: records for the next stage and rejections for the dead-letter topic.
public struct OperatorOutput<Value: Sendable>: Sendable {
    /// The records emitted so far, in order.
    public var records: [StreamRecord<Value>]
    /// The records refused so far.
    public var rejections: [Rejection]

    /// Creates an empty output.
    ///
    /// - Parameter capacity: the number of records to reserve room for.
    public init(capacity: Int = 0) {
        records = []
        rejections = []
        records.reserveCapacity(capacity)
    }

    /// Emits one record; it moves into the output (a borrowed record would be copied, every field retained).
    public mutating func emit(_ record: consuming StreamRecord<Value>) {
        records.append(record)
    }

    /// Emits records in order.
    public mutating func emit(contentsOf batch: some Sequence<StreamRecord<Value>>) {
        records.append(contentsOf: batch)
    }

    /// Refuses a record: it is routed to the dead-letter topic with the reason and the pipeline goes on.
    ///
    /// - Parameters:
    ///   - record: the refused input record.
    ///   - reasonCode: a machine-readable reason, e.g. `INVALID_PRICE`.
    ///   - reason: what is wrong, for a person.
    public mutating func reject(_ record: StreamRecord<some Sendable>, reasonCode: String, reason: String) {
        rejections.append(Rejection(key: record.key, position: record.position, reasonCode: reasonCode, reason: reason))
    }
}
