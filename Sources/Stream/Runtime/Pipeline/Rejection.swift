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

    /// Creates a rejection.
    ///
    /// - Parameters:
    ///   - key: the record's key.
    ///   - position: where the record was read.
    ///   - reasonCode: a machine-readable reason.
    ///   - reason: a human-readable reason.
    ///   - payload: the bytes to keep, or `nil` for the original bytes.
    public init(key: [UInt8]?, position: SourcePosition?, reasonCode: String, reason: String, payload: [UInt8]? = nil) {
        self.key = key
        self.position = position
        self.reasonCode = reasonCode
        self.reason = reason
        self.payload = payload
    }
}
