extension KafkaConsumer {
    /// Reads the assigned partitions until each has delivered the record before its end offset in `ends`, handing
    /// every batch to `body`.
    ///
    /// A partition whose last offsets hold no deliverable record (transaction markers on a real cluster) would never
    /// get there: reading also ends once nothing has arrived for `idleLimit`.
    ///
    /// - Throws: ``StreamError`` `.timeout` if the ends are not reached within `timeout`; what `body` throws.
    func readToEnd(
        _ ends: [TopicPartitionOffset], idleLimit: Duration = .seconds(10), timeout: Duration = .seconds(120),
        _ body: ([IncomingRecord]) throws -> Void
    ) async throws {
        var pending = Dictionary(ends.filter { $0.offset > 0 }.map { ($0.topicPartition, $0.offset) }, uniquingKeysWith: max)
        let deadline = ContinuousClock.now + timeout
        var lastProgress = ContinuousClock.now
        while !pending.isEmpty, ContinuousClock.now - lastProgress < idleLimit {
            guard ContinuousClock.now < deadline else {
                throw StreamError(.timeout, "\(pending.keys.map(\.description).sorted()) not read to their end within \(timeout)")
            }
            guard let records = try await read(maxRecords: 10_000, timeout: .milliseconds(100)) else { return }
            guard !records.isEmpty else { continue }
            lastProgress = ContinuousClock.now
            for record in records {
                if let end = pending[record.topicPartition], record.offset + 1 >= end { pending[record.topicPartition] = nil }
            }
            try body(records)
        }
    }
}
