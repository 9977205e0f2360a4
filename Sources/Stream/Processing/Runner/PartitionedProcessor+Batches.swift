extension PartitionedProcessor {
    /// Outputs are delivered in chunks of this many records; a cancellation (a simulated crash) between two chunks
    /// leaves the batch half-written, which the restore must cope with.
    static var deliveryChunk: Int { 1_000 }

    /// A batch run through its operators whose outputs are not sent yet.
    struct PreparedBatch: Sendable {
        /// Outputs and dead letters, numbered.
        var outgoing: [OutgoingRecord]
        /// The input positions to commit with them.
        var positions: [TopicPartitionOffset]
        /// Records (partition and broadcast) applied per partition, for the lifecycle.
        var counts: [TopicPartition: Int]
        /// Partition records processed.
        var processed: Int
    }

    /// One turn of the pipeline: the batch prepared last turn is sent, in its transaction, while this turn's records
    /// run through their operators; a turn's outputs therefore wait at most one (non-blocking) read to be sent.
    ///
    /// Snapshots need every output of the state they capture to be acknowledged, so when the lifecycle asks for
    /// some, the batch just prepared is sent first.
    func turn(_ records: [IncomingRecord], broadcast: [IncomingRecord], clients: Clients) async throws {
        let previous = prepared
        prepared = nil
        async let written = Self.transmit(previous, clients: clients)
        let next = try await prepare(records, broadcast: broadcast)
        let actions = try await acknowledge(previous, written: try await written)
        prepared = next
        if !actions.isEmpty { try await perform(try await sendPrepared(clients: clients) + actions) }
    }

    /// Sends the prepared batch, if any, and returns the lifecycle's actions after it.
    func sendPrepared(clients: Clients) async throws -> [PartitionLifecycle.Action] {
        guard let batch = prepared else { return [] }
        prepared = nil
        return try await acknowledge(batch, written: try await Self.transmit(batch, clients: clients))
    }

    /// Runs a batch through the partitions' operators: new broadcast records go to every partition's operator
    /// first, then each partition's records to its own; outputs and dead letters are numbered per partition.
    /// `nil` when no partition had anything to do.
    func prepare(_ records: [IncomingRecord], broadcast raw: [IncomingRecord]) async throws -> PreparedBatch? {
        let broadcast = decodeBroadcast(raw)
        broadcastHistory += broadcast
        var byPartition: [TopicPartition: [IncomingRecord]] = [:]
        for record in records { byPartition[record.topicPartition, default: []].append(record) }

        var batch = PreparedBatch(outgoing: [], positions: [], counts: [:], processed: 0)
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            guard var task = tasks[partition] else { continue }
            // Records before the task's offset are already in its state (fetched before the start position took).
            let fresh = byPartition[partition]?.filter { $0.offset >= task.nextOffset } ?? []
            let side = task.pendingBroadcast + broadcast
            guard !fresh.isEmpty || !side.isEmpty else { continue }
            task.pendingBroadcast = []
            batch.outgoing += try await step(&task, records: fresh, broadcast: side)
            if let last = fresh.last {
                task.nextOffset = last.offset + 1
                batch.positions.append(TopicPartitionOffset(partition, offset: task.nextOffset))
            }
            batch.counts[partition] = fresh.count + side.count
            batch.processed += fresh.count
            tasks[partition] = task
        }
        return batch.counts.isEmpty ? nil : batch
    }

    /// Books a sent batch: where its outputs landed, what it processed; returns the lifecycle's actions.
    private func acknowledge(_ batch: PreparedBatch?, written: [TopicPartitionOffset]) async throws -> [PartitionLifecycle.Action] {
        guard let batch else { return [] }
        for position in written {
            outputEnds[position.topicPartition] = max(outputEnds[position.topicPartition] ?? 0, position.offset + 1)
        }
        processedRecords += batch.processed
        return lifecycle.processed(batch.counts, nowNanos: WallClock.nowNanos())
    }

    /// Runs one partition's operator over its records and turns what it emits into numbered outgoing records.
    private func step(
        _ task: inout PartitionTask<Op>, records: [IncomingRecord], broadcast: [StreamRecord<Op.Input>]
    ) async throws -> [OutgoingRecord] {
        var output = OperatorOutput<Op.Output>(capacity: records.count)
        if !broadcast.isEmpty { try task.op.process(broadcast, into: &output) }
        var decoded: [StreamRecord<Op.Input>] = []
        decoded.reserveCapacity(records.count)
        var failures: [SourceFailure] = []
        for record in records {
            do {
                let value = try Op.Input(topic: record.topic, bytes: record.value)
                decoded.append(StreamRecord(
                    key: record.key, value: value, eventTimeNanos: value.eventTimeNanos,
                    position: SourcePosition(record.topicPartition, offset: record.offset)))
            } catch {
                failures.append(SourceFailure(
                    record: record, reasonCode: "DECODE_ERROR",
                    reason: "cannot decode \(record.topicPartition)@\(record.offset): \(error)"))
            }
        }
        if !decoded.isEmpty { try task.op.process(decoded, into: &output) }

        var outgoing: [OutgoingRecord] = []
        outgoing.reserveCapacity(output.records.count)
        for record in output.records {
            let value = record.value
            do {
                outgoing.append(OutgoingRecord(
                    topic: value.topic, key: record.key, value: try value.encoded(), headers: value.headers,
                    timestampMillis: record.eventTimeNanos / 1_000_000))
            } catch {
                output.rejections.append(Rejection(
                    key: record.key, position: record.position, reasonCode: "ENCODE_ERROR",
                    reason: "cannot encode an output for \(value.topic): \(error)"))
            }
        }
        outgoing += try await deadLetters(failures: failures, rejections: output.rejections, of: task.partition, originals: records)
        return try outgoing.compactMap { record in
            guard outputTopics.contains(record.topic) else {
                throw StreamError(
                    .configuration,
                    "\(configuration.stage) emitted a record for \(record.topic), which is not among its output topics \(outputTopics.sorted())")
            }
            return task.number(record)
        }
    }

    /// The dead letters of a step, ordered by the input offset they come from (side-input ones first), so that
    /// their numbering does not depend on how the input was batched.
    private func deadLetters(
        failures: [SourceFailure], rejections: [Rejection], of partition: TopicPartition, originals: [IncomingRecord]
    ) async throws -> [OutgoingRecord] {
        guard !failures.isEmpty || !rejections.isEmpty else { return [] }
        try await router.route(failures, stage: configuration.stage)
        let failed = zip(failures.map(\.record.offset), letterCollector.drain())
        try await router.route(rejections, stage: configuration.stage, originals: originals)
        let rejected = zip(
            rejections.map { $0.position?.topicPartition == partition ? $0.position?.offset ?? -1 : -1 }, letterCollector.drain())
        let letters = Array(failed) + Array(rejected)
        return letters.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }

    /// Sends a batch's outputs (in a transaction with the input offsets, when transactional); returns where each
    /// landed. Runs off the actor, so that the next batch's operators run meanwhile.
    private nonisolated static func transmit(_ batch: PreparedBatch?, clients: Clients) async throws -> [TopicPartitionOffset] {
        guard let batch else { return [] }
        guard let transactions = clients.transactions else {
            return try await deliver(batch.outgoing, with: clients.producer)
        }
        try transactions.beginTransaction()
        do {
            let written = try await deliver(batch.outgoing, with: clients.producer)
            try await transactions.sendOffsetsToTransaction(batch.positions, groupMetadata: try clients.consumer.groupMetadata())
            try await transactions.commitTransaction()
            return written
        } catch is CancellationError {
            throw CancellationError()  // a simulated crash leaves the transaction open, as a real one would
        } catch {
            if let streamError = error as? StreamError, streamError.isFatal { throw error }
            try? await transactions.abortTransaction()
            throw error
        }
    }

    private nonisolated static func deliver(_ outgoing: [OutgoingRecord], with producer: KafkaProducer) async throws -> [TopicPartitionOffset] {
        var written: [TopicPartitionOffset] = []
        written.reserveCapacity(outgoing.count)
        for start in stride(from: 0, to: outgoing.count, by: deliveryChunk) {
            try Task.checkCancellation()
            written += try await producer.deliver(Array(outgoing[start..<min(outgoing.count, start + deliveryChunk)]))
        }
        return written
    }
}
