/// Where a pipeline's records come from: produces batches and knows its positions, so that a checkpoint can say
/// exactly which input its state covers.
public protocol Source<Value>: Sendable {
    /// The value type of the records.
    associatedtype Value: Sendable

    /// Waits for the next batch.
    ///
    /// Must return promptly (with `nil` or by throwing `CancellationError`) when the calling task is cancelled:
    /// that is how a pipeline stops reading on graceful shutdown. Records handed out but never committed are read
    /// again after a restart.
    ///
    /// - Parameter maxRecords: the batch size limit.
    /// - Returns: a batch, or `nil` at the end of the input.
    /// - Throws: on a transport failure.
    func nextBatch(maxRecords: Int) async throws -> SourceBatch<Value>?

    /// Records that everything before these positions is durably processed (a checkpoint holds it).
    ///
    /// - Parameter positions: the positions to commit.
    /// - Throws: on a transport failure.
    func commit(_ positions: [TopicPartitionOffset]) async throws

    /// Stops reading and releases the input.
    func close() async
}
