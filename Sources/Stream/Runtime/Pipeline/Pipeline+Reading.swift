extension Pipeline {
    /// Reads until the input ends (`true`) or ``stop()`` is called (`false`).
    func read(
        into exchange: LaneExchange<Operators.Input>, skippingBefore resume: [TopicPartition: Int64],
        events: AsyncStream<PipelineEvent>.Continuation
    ) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool?.self) { group in
            group.addTask { try await self.readLoop(into: exchange, skippingBefore: resume, events: events) }
            group.addTask {
                await self.stopSignal.wait()
                return nil
            }
            var endOfInput = false
            do {
                if let first = try await group.next(), let first { endOfInput = first }
                group.cancelAll()
                while let outcome = try await group.next() { if let outcome { endOfInput = outcome } }
            } catch is CancellationError where stopSignal.isFired {
                // The reader was interrupted by stop(): what it had not dispatched is read again after a restart.
            }
            try Task.checkCancellation()
            // A source may answer cancellation with `nil`: that is a stop, not the end of the input.
            return endOfInput && !stopSignal.isFired
        }
    }

    private func readLoop(
        into exchange: LaneExchange<Operators.Input>, skippingBefore resume: [TopicPartition: Int64],
        events: AsyncStream<PipelineEvent>.Continuation
    ) async throws -> Bool {
        let lanes = configuration.lanes
        var sinceCheckpoint = 0
        while true {
            guard let batch = try await source.nextBatch(maxRecords: configuration.batchSize) else { return true }
            // Not dispatched, so not covered by any checkpoint: it is read again after a restart.
            if Task.isCancelled { return false }

            var records = batch.records
            var failures = batch.failures
            if !resume.isEmpty {
                // Input already in the restored state: delivered again because the checkpoint became durable but
                // its commit did not happen before the crash.
                records.removeAll { record in
                    guard let position = record.position, let start = resume[position.topicPartition] else { return false }
                    return position.offset < start
                }
                failures.removeAll { failure in
                    guard let start = resume[failure.record.topicPartition] else { return false }
                    return failure.record.offset < start
                }
            }
            if !failures.isEmpty { try await deadLetters.route(failures, stage: stage) }

            var parts: [LaneExchange<Operators.Input>.LaneBatch?]
            if lanes == 1 {
                parts = [records.isEmpty ? nil : .init(records: records, raw: batch.raw)]
            } else {
                var split = Array(repeating: [StreamRecord<Operators.Input>](), count: lanes)
                for record in records { split[lane(of: record.key)].append(record) }
                parts = split.map { $0.isEmpty ? nil : .init(records: $0, raw: batch.raw) }
            }
            try await exchange.dispatch(parts, positions: batch.positions)

            sinceCheckpoint += batch.records.count + batch.failures.count
            if let every = configuration.checkpointEveryRecords, sinceCheckpoint >= every {
                sinceCheckpoint = 0
                events.yield(.checkpointRequested(nil))
            }
        }
    }

    /// The lane of a key: the partition murmur2 gives it among `lanes`, so a key always takes the same lane.
    func lane(of key: [UInt8]?) -> Int {
        guard let key, configuration.lanes > 1 else { return 0 }
        return Int(KeyPartitioner.partition(forKey: key, partitionCount: configuration.lanes))
    }
}
