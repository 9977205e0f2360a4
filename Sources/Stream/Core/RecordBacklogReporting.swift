/// A consumer that can tell how many records are available to it but not yet handed out.
public protocol RecordBacklogReporting: Sendable {
    /// Records in the consumer's partitions past what it has delivered.
    func recordsBehind() -> Int
}
