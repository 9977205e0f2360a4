/// A record a source read but could not turn into a typed value; the pipeline dead-letters it.
public struct SourceFailure: Sendable, Hashable {
    /// The record as read.
    public var record: IncomingRecord
    /// A machine-readable reason, e.g. `DECODE_ERROR`.
    public var reasonCode: String
    /// What is wrong, for a person.
    public var reason: String

    /// Creates a failure.
    public init(record: IncomingRecord, reasonCode: String, reason: String) {
        self.record = record
        self.reasonCode = reasonCode
        self.reason = reason
    }
}
