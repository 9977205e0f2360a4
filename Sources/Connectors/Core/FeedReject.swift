import Model

/// A record a connector could not turn into an event: where it was, why, and its raw bytes.
public struct FeedReject: Sendable, Hashable {
    /// Where the record sits in its feed.
    public var position: FeedPosition
    /// Why it was rejected.
    public var reason: RejectReason
    /// What exactly is wrong, for a person.
    public var detail: String
    /// The record's bytes, unchanged.
    public var payload: [UInt8]

    /// Creates a reject.
    public init(position: FeedPosition, reason: RejectReason, detail: String, payload: [UInt8]) {
        self.position = position
        self.reason = reason
        self.detail = detail
        self.payload = payload
    }

    /// The dead letter for `dlq.ingest`: stage `ingest`, the feed as source topic, partition -1, the line (or FIX
    /// sequence) as offset, and a reason text starting with the full position.
    public func deadLetter(failedAt: Int64) -> DeadLetter {
        DeadLetter(
            stage: "ingest", reasonCode: reason.rawValue, reason: "\(position): \(detail)", sourceTopic: position.source,
            sourcePartition: -1, sourceOffset: position.offset, key: nil, payload: payload, failedAtNanos: failedAt)
    }
}
