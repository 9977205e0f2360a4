import Stream

extension RecordConsumer {
    /// Commits the offsets after a processed batch, per partition.
    ///
    /// A consumer closed meanwhile (a graceful shutdown closes it while the batch is applied) has left its group and
    /// can no longer commit: that is the end of the run, not a failure. The batch was applied; not committing it
    /// only means the group's next member reads it again, which the idempotent view and quote updates allow.
    ///
    /// - Returns: `false` when the consumer was closed and nothing was committed.
    /// - Throws: ``StreamError`` for any other commit failure.
    @discardableResult
    func commitProcessed(_ batch: [IncomingRecord]) async throws -> Bool {
        var next: [TopicPartition: Int64] = [:]
        // By runs of one partition, as batches come: one hash of the topic name per run, not per record.
        var start = batch.startIndex
        while start < batch.endIndex {
            let partition = batch[start].topicPartition
            var end = start + 1, offset = batch[start].offset
            while end < batch.endIndex, batch[end].topicPartition == partition {
                offset = max(offset, batch[end].offset)
                end += 1
            }
            next[partition] = max(next[partition] ?? 0, offset + 1)
            start = end
        }
        guard !next.isEmpty else { return true }
        do {
            try await commit(next.map { TopicPartitionOffset($0.key, offset: $0.value) })
            return true
        } catch let error as StreamError where error.code == .closed {
            return false
        }
    }
}
