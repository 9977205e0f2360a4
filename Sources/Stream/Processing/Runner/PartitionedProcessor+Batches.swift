extension PartitionedProcessor {
    /// Outputs are delivered in chunks of this many records; a cancellation (a simulated crash) between two chunks
    /// leaves the batch half-written, which the restore must cope with.
    static var deliveryChunk: Int { 1_000 }

    /// Processes one batch: new broadcast records go to every task's operator first, then each partition's records
    /// to its task's (a co-partitioned task's in merge order, ``CoPartitionMerge``); the outputs and dead letters,
    /// numbered per task, are sent in one transaction with the input offsets; then snapshots that are due are taken.
    func process(_ records: [IncomingRecord], broadcast raw: [IncomingRecord], clients: Clients) async throws {
        let broadcast = decodeBroadcast(raw)
        broadcastHistory += broadcast
        var byPartition: [TopicPartition: [IncomingRecord]] = [:]
        for record in records { byPartition[record.topicPartition, default: []].append(record) }

        var outgoing: [OutgoingRecord] = []
        var counts: [TopicPartition: Int] = [:]
        var positions: [TopicPartitionOffset] = []
        var processed = 0
        var newestEventNanos: Int64?
        let stepOutputs = StepOutputs(stage: configuration.stage, allowedTopics: outputTopics, router: router, collector: letterCollector)
        let nowNanos = WallClock.nowNanos()
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            // Taken out of the dictionary while it runs: a copy left behind would make the operator's state copy on write.
            guard var task = tasks.removeValue(forKey: partition) else { continue }
            defer { tasks[partition] = task }
            let side = task.pendingBroadcast + broadcast
            if let members = task.merge?.members {
                // A co-partitioned task holds what it reads and processes what its merge releases, even in a batch
                // that brought it nothing (idling ends with time).
                let stepped = try await task.stepMerged(
                    records: members.flatMap { byPartition[$0] ?? [] }, broadcast: side, nowNanos: nowNanos, outputs: stepOutputs)
                task.pendingBroadcast = []
                guard stepped.released > 0 || !side.isEmpty else { continue }
                outgoing += stepped.records
                if let time = stepped.newestEventNanos { newestEventNanos = max(newestEventNanos ?? time, time) }
                positions += stepped.positions
                counts[partition] = stepped.released + side.count
                processed += stepped.released
                continue
            }
            // Records before the task's offset are already in its state (fetched before the start position took).
            let fresh = byPartition[partition]?.filter { $0.offset >= task.nextOffset } ?? []
            guard !fresh.isEmpty || !side.isEmpty else { continue }
            task.pendingBroadcast = []
            let stepped = try await task.step(records: fresh, broadcast: side, outputs: stepOutputs)
            outgoing += stepped.records
            if let time = stepped.newestEventNanos { newestEventNanos = max(newestEventNanos ?? time, time) }
            if let last = fresh.last {
                task.nextOffset = last.offset + 1
                positions.append(TopicPartitionOffset(partition, offset: task.nextOffset))
            }
            counts[partition] = fresh.count + side.count
            processed += fresh.count
        }
        guard !counts.isEmpty else { return }
        try await send(outgoing, positions: positions, clients: clients)
        processedRecords += processed
        stageMetrics.processed(records: processed, outputs: outgoing.count, newestEventNanos: newestEventNanos)
        stageMetrics.backlog(clients.consumer.recordsBehind())
        try await perform(lifecycle.processed(counts, nowNanos: WallClock.nowNanos()))
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

    /// Hands the chunks to the producer one after another, so that their deliveries overlap, then waits for them.
    /// A cancellation (or a failure) between two chunks still waits for the chunks already handed over before it
    /// ends the batch, as a crash after their acknowledgements would: a restore then finds them in the outputs.
    private func deliver(_ outgoing: [OutgoingRecord], with producer: KafkaProducer) async throws {
        var pending: [KafkaProducer.PendingDelivery] = []
        var interruption: (any Error)?
        do {
            for start in stride(from: 0, to: outgoing.count, by: Self.deliveryChunk) {
                try Task.checkCancellation()
                pending.append(try await producer.enqueue(Array(outgoing[start..<min(outgoing.count, start + Self.deliveryChunk)])))
            }
        } catch {
            interruption = error
        }
        for delivery in pending {
            do {
                for position in try await producer.delivered(delivery) {
                    outputEnds[position.topicPartition] = max(outputEnds[position.topicPartition] ?? 0, position.offset + 1)
                }
            } catch {
                interruption = interruption ?? error
            }
        }
        if let interruption { throw interruption }
    }
}
