/// A record a stage could not process, kept with its original bytes so it can be replayed
/// (`tickflow.v1.DeadLetter`, topics `dlq.<stage>`).
public struct DeadLetter: Sendable, Hashable {
    /// The stage that rejected the record, e.g. `ingest`, `stream.validate`.
    public var stage: String
    /// Machine-readable reason, e.g. `DECODE_ERROR`, `INVALID_PRICE`, `LATE_EVENT`.
    public var reasonCode: String
    /// Human-readable reason with the location.
    public var reason: String
    /// Topic the record was read from (or the feed name for ingest).
    public var sourceTopic: String
    /// Partition the record was read from; -1 when not from Kafka.
    public var sourcePartition: Int32
    /// Offset the record was read from (or the line number of a file feed); -1 when unknown.
    public var sourceOffset: Int64
    /// The original key bytes; `nil` when the record had no key.
    public var key: [UInt8]?
    /// The original value bytes, unchanged.
    public var payload: [UInt8]
    /// When the stage rejected the record, ns since the epoch (UTC).
    public var failedAtNanos: Int64

    /// Creates a dead letter.
    public init(
        stage: String, reasonCode: String, reason: String, sourceTopic: String, sourcePartition: Int32,
        sourceOffset: Int64, key: [UInt8]?, payload: [UInt8], failedAtNanos: Int64
    ) {
        self.stage = stage
        self.reasonCode = reasonCode
        self.reason = reason
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.key = key
        self.payload = payload
        self.failedAtNanos = failedAtNanos
    }
}
