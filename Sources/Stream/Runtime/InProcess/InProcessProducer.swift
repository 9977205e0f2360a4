/// A producer of an ``InProcessTransport``: appends batches to partition logs, waiting while one is full.
public struct InProcessProducer: RecordProducer {
    let transport: InProcessTransport

    /// Appends the records, in order per partition; returns once all are in their logs.
    ///
    /// - Parameter records: the records, each naming its topic.
    /// - Throws: ``StreamError`` `.closed` once the transport is shut down or the topic sealed, `.delivery` for an
    ///   explicit partition that does not exist, `CancellationError` if the task is cancelled while waiting (records
    ///   before the full partition may have been appended).
    public func send(_ records: [OutgoingRecord]) async throws {
        try await transport.send(records)
    }

    /// Returns at once: `send` only returns after the records are in their logs, so nothing is ever outstanding.
    public func flush(timeout: Duration) async throws {}
}
