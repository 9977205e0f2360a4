/// Where a pipeline keeps its checkpoints.
public protocol CheckpointStorage: Sendable {
    /// Stores a checkpoint durably; returns only once it would survive a crash.
    ///
    /// - Parameter checkpoint: the checkpoint.
    /// - Throws: ``StreamError`` `.checkpoint` if it could not be made durable.
    func write(_ checkpoint: Checkpoint) async throws

    /// The newest checkpoint that reads back intact, skipping corrupt ones.
    ///
    /// - Returns: the checkpoint, or `nil` if there is none.
    /// - Throws: ``StreamError`` `.checkpoint` if the storage cannot be read at all.
    func loadLatest() async throws -> Checkpoint?
}
