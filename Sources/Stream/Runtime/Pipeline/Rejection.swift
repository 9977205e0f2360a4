/// A record an operator refused: it goes to the dead-letter topic instead of stopping the pipeline.
public struct Rejection: Sendable, Hashable {
    /// The record's key.
    public var key: [UInt8]?
    /// Where the refused record was read, if it came from a log.
    public var position: SourcePosition?
    /// A machine-readable reason, e.g. `INVALID_PRICE`.
    public var reasonCode: String
    /// What is wrong, for a person.
    public var reason: String
    /// The bytes to keep in the dead letter; `nil` means the original bytes read at ``position``.
    public var payload: [UInt8]?
    /// The dead-letter topic to use instead of the stage's `dlq.<stage>`, e.g. `dlq.late` for events past the
    /// allowed lateness; `nil` (the default) means the stage's topic.
    public var deadLetterTopic: String?

    /// Creates a rejection.
    ///
    /// - Parameters:
    ///   - key: the record's key.
    ///   - position: where the record was read.
    ///   - reasonCode: a machine-readable reason.
    ///   - reason: a human-readable reason.
    ///   - payload: the bytes to keep, or `nil` for the original bytes.
    ///   - deadLetterTopic: a topic overriding `dlq.<stage>`, or `nil`.
    public init(
        key: [UInt8]?, position: SourcePosition?, reasonCode: String, reason: String, payload: [UInt8]? = nil,
        deadLetterTopic: String? = nil
    ) {
        self.key = key
        self.position = position
        self.reasonCode = reasonCode
        self.reason = reason
        self.payload = payload
        self.deadLetterTopic = deadLetterTopic
    }
}
