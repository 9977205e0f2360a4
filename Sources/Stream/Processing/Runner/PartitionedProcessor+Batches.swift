extension PartitionedProcessor {
    /// Outputs are delivered in chunks of this many records; a cancellation (a simulated crash) between two chunks
    /// leaves the batch half-written, which the restore must cope with.
    static var deliveryChunk: Int { 1_000 }

    /// Processes one batch: new broadcast records go to every partition's operator first, then each partition's
    /// records to its own; the outputs and dead letters, numbered per partition, are sent in one transaction with
    /// the input offsets; then snapshots that are due are taken.
    func process(_ records: [IncomingRecord], broadcast raw: [IncomingRecord], clients: Clients) async throws {
        let broadcast = decodeBroadcast(raw)
        broadcastHistory += broadcast
        var byPartition: [TopicPartition: [IncomingRecord]] = [:]
        for record in records { byPartition[record.topicPartition, default: []].append(record) }

        var outgoing: [OutgoingRecord] = []
        var counts: [TopicPartition: Int] = [:]
        var positions: [TopicPartitionOffset] = []
        var processed = 0
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            guard var task = tasks[partition] else { continue }
            // Records before the task's offset are already in its state (fetched before the start position took).
            let fresh = byPartition[partition]?.filter { $0.offset >= task.nextOffset } ?? []
            let side = task.pendingBroadcast + broadcast
            guard !fresh.isEmpty || !side.isEmpty else { continue }
            task.pendingBroadcast = []
            outgoing += try await step(&task, records: fresh, broadcast: side)
            if let last = fresh.last {
                task.nextOffset = last.offset + 1
                positions.append(TopicPartitionOffset(partition, offset: task.nextOffset))
            }
            counts[partition] = fresh.count + side.count
            processed += fresh.count
            tasks[partition] = task
        }
        guard !counts.isEmpty else { return }
        try await send(outgoing, positions: positions, clients: clients)
        processedRecords += processed
        try await perform(lifecycle.processed(counts, nowNanos: WallClock.nowNanos()))
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

    /// Sends a batch's outputs (in a transaction with the input offsets, when transactional).
    private func send(_ outgoing: [OutgoingRecord], positions: [TopicPartitionOffset], clients: Clients) async throws {
        guard let transactions = clients.transactions else {
            try await deliver(outgoing, with: clients.producer)
            return
        }
        try transactions.beginTransaction()
        do {
            try await deliver(outgoing, with: clients.producer)
            try await transactions.sendOffsetsToTransaction(positions, groupMetadata: try clients.consumer.groupMetadata())
            try await transactions.commitTransaction()
        } catch is CancellationError {
            throw CancellationError()  // a simulated crash leaves the transaction open, as a real one would
        } catch {
            if let streamError = error as? StreamError, streamError.isFatal { throw error }
            try? await transactions.abortTransaction()
            throw error
        }
    }

    private func deliver(_ outgoing: [OutgoingRecord], with producer: KafkaProducer) async throws {
        for start in stride(from: 0, to: outgoing.count, by: Self.deliveryChunk) {
            try Task.checkCancellation()
            let written = try await producer.deliver(Array(outgoing[start..<min(outgoing.count, start + Self.deliveryChunk)]))
            for position in written {
                outputEnds[position.topicPartition] = max(outputEnds[position.topicPartition] ?? 0, position.offset + 1)
            }
        }
    }
}
