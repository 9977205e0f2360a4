/// One read from a ``Source``: the decoded records, the ones that failed to decode, and where the source stands.
public struct SourceBatch<Value: Sendable>: Sendable {
    /// The decoded records, in read order.
    public var records: [StreamRecord<Value>]
    /// Records that could not be decoded.
    public var failures: [SourceFailure]
    /// For every partition this batch read from, the position after its last record (what to commit).
    public var positions: [TopicPartitionOffset]
    /// The records as read, used to put the original bytes of a refused record into its dead letter; may be empty
    /// when the source has no raw form.
    public var raw: [IncomingRecord]

    /// Creates a batch.
    public init(
        records: [StreamRecord<Value>], failures: [SourceFailure] = [], positions: [TopicPartitionOffset],
        raw: [IncomingRecord] = []
    ) {
        self.records = records
        self.failures = failures
        self.positions = positions
        self.raw = raw
    }
}
