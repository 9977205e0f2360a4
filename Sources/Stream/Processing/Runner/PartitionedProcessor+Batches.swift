extension PartitionedProcessor {
    /// Outputs are delivered in chunks of this many records; a cancellation (a simulated crash) between two chunks
    /// leaves the batch half-written, which the restore must cope with.
    static var deliveryChunk: Int { 1_000 }

    /// A batch whose outputs were handed to the producer and whose transaction is not known to have committed yet.
    struct BatchInFlight: Sendable {
        /// Sends the outputs and commits; returns where the outputs landed. It also tells batches apart, so that
        /// only one of the callers awaiting a batch does its bookkeeping.
        let delivery: Task<[TopicPartitionOffset], any Error>
        let processed: Int
        let outputs: Int
        let newestEventNanos: Int64?
    }

    /// Processes one batch: new broadcast records go to every task's operator first, then each partition's records
    /// to its task's (a co-partitioned task's in merge order, ``CoPartitionMerge``); the outputs and dead letters,
    /// numbered per task, are sent in one transaction with the input offsets; then snapshots that are due are taken.
    ///
    /// The transaction of a large batch (``PartitionedProcessorConfiguration/overlapMinimumRecords``) completes in
    /// the background while the next batch is read and processed, which uses the second core for librdkafka's
    /// delivery while this one runs the operators; it is settled before the next transaction begins. Anything that
    /// needs the batch durable — a snapshot, a revocation, a stop — settles it first (``perform(_:)``), and a
    /// snapshot due after this batch is taken before the next batch changes the state.
    func process(_ records: [IncomingRecord], broadcast raw: [IncomingRecord], clients: Clients) async throws {
        let prepared = try await prepare(records, broadcast: raw)
        try await settle()
        guard let batch = prepared else { return }
        let (outgoing, positions) = (batch.outgoing, batch.positions)
        inFlight = BatchInFlight(
            delivery: Task.detached { try await Self.send(outgoing, positions: positions, clients: clients) },
            processed: batch.processed, outputs: outgoing.count, newestEventNanos: batch.newestEventNanos)
        if batch.processed < configuration.overlapMinimumRecords { try await settle() }
        try await perform(lifecycle.processed(batch.counts, nowNanos: WallClock.nowNanos()))
    }

    /// Waits until the batch in flight, if any, is committed, and accounts for it.
    ///
    /// - Throws: its delivery or transaction error; `CancellationError` if cancelled meanwhile (then the batch's
    ///   delivery is cancelled too, and the chunks already handed over are still awaited, as a crash would leave them).
    func settle() async throws {
        guard let batch = inFlight else { return }
        let written = try await withTaskCancellationHandler {
            try await batch.delivery.value
        } onCancel: {
            batch.delivery.cancel()
        }
        // A revocation may have settled it meanwhile (both awaited the same task).
        guard inFlight?.delivery == batch.delivery else { return }
        inFlight = nil
        for position in written {
            outputEnds[position.topicPartition] = max(outputEnds[position.topicPartition] ?? 0, position.offset + 1)
        }
        processedRecords += batch.processed
        stageMetrics.processed(records: batch.processed, outputs: batch.outputs, newestEventNanos: batch.newestEventNanos)
        if let consumer = clients?.consumer { stageMetrics.backlog(consumer.recordsBehind()) }
    }

    /// Ends the batch in flight like a crash: its delivery is cancelled and the chunks already handed over awaited.
    func abandonInFlight() async {
        guard let batch = inFlight else { return }
        inFlight = nil
        batch.delivery.cancel()
        _ = try? await batch.delivery.value
    }

    /// What a batch produced, ready to send.
    private struct PreparedBatch {
        var outgoing: [OutgoingRecord] = []
        var counts: [TopicPartition: Int] = [:]
        var positions: [TopicPartitionOffset] = []
        var processed = 0
        var newestEventNanos: Int64?
    }

    /// One task's part of a batch: the task, moved here while a child task steps it, its records, and what the
    /// step produced. Only that child touches it until the group ends.
    private final class TaskSlot: @unchecked Sendable {
        var task: PartitionTask<Op>
        var records: ArraySlice<IncomingRecord> = []
        var outgoing: [OutgoingRecord] = []
        var positions: [TopicPartitionOffset] = []
        var newestEventNanos: Int64?
        /// Records the lifecycle counts (processed plus broadcast applied); 0 if the task had nothing to do.
        var counted = 0
        /// Input records of partitioned topics processed.
        var processed = 0

        init(_ task: PartitionTask<Op>) { self.task = task }

        /// Steps the task over its records, broadcast records first; a co-partitioned task over those its merge
        /// releases. Each step gets its own dead-letter collector, so that concurrent steps keep theirs apart.
        func step(broadcast: [StreamRecord<Op.Input>], nowNanos: Int64, stage: String, allowedTopics: Set<String>) async throws {
            let collector = DeadLetterCollector()
            let outputs = StepOutputs(
                stage: stage, allowedTopics: allowedTopics, router: DeadLetterRouter(producer: collector), collector: collector)
            let side = task.pendingBroadcast + broadcast
            if task.merge != nil {
                // A co-partitioned task holds what it reads and processes what its merge releases, even in a batch
                // that brought it nothing (idling ends with time).
                let stepped = try await task.stepMerged(records: records, broadcast: side, nowNanos: nowNanos, outputs: outputs)
                task.pendingBroadcast = []
                guard stepped.released > 0 || !side.isEmpty else { return }
                (outgoing, newestEventNanos, positions) = (stepped.records, stepped.newestEventNanos, stepped.positions)
                (counted, processed) = (stepped.released + side.count, stepped.released)
                return
            }
            guard !records.isEmpty || !side.isEmpty else { return }
            task.pendingBroadcast = []
            let stepped = try await task.step(records: records, broadcast: side, outputs: outputs)
            (outgoing, newestEventNanos) = (stepped.records, stepped.newestEventNanos)
            if let last = records.last {
                task.nextOffset = last.offset + 1
                positions = [TopicPartitionOffset(task.partition, offset: task.nextOffset)]
            }
            (counted, processed) = (records.count + side.count, records.count)
        }
    }

    /// Runs the batch through the tasks' operators, each task in a child task of its own (tasks share nothing, so
    /// they use both cores), and gathers their outputs in the tasks' order; `nil` if no task had anything to do.
    private func prepare(_ records: [IncomingRecord], broadcast raw: [IncomingRecord]) async throws -> PreparedBatch? {
        let broadcast = decodeBroadcast(raw)
        broadcastHistory += broadcast
        let byPartition = records.groupedByPartition()

        let nowNanos = WallClock.nowNanos()
        let (stage, allowedTopics) = (configuration.stage, outputTopics)
        var slots: [TaskSlot] = []
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            guard let task = tasks[partition] else { continue }
            let taskRecords: ArraySlice<IncomingRecord>
            if let members = task.merge?.members {
                taskRecords = ArraySlice(members.flatMap { byPartition[$0] ?? [] })
            } else {
                // Records before the task's offset are already in its state (fetched before the start position took).
                taskRecords = byPartition[partition]?.drop { $0.offset < task.nextOffset } ?? []
            }
            // A task with nothing to apply is left alone (a co-partitioned one may release held records with time).
            guard task.merge != nil || !taskRecords.isEmpty || !task.pendingBroadcast.isEmpty || !broadcast.isEmpty else {
                continue
            }
            // Moved out of the dictionary into a slot while it runs: a copy left behind would make the operator's
            // state copy on write.
            let slot = TaskSlot(tasks.removeValue(forKey: partition)!)
            slot.records = taskRecords
            slots.append(slot)
        }
        defer { for slot in slots { tasks[slot.task.partition] = slot.task } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for slot in slots {
                group.addTask { try await slot.step(broadcast: broadcast, nowNanos: nowNanos, stage: stage, allowedTopics: allowedTopics) }
            }
            try await group.waitForAll()
        }

        var batch = PreparedBatch()
        for slot in slots where slot.counted > 0 {
            batch.outgoing += slot.outgoing
            if let time = slot.newestEventNanos { batch.newestEventNanos = max(batch.newestEventNanos ?? time, time) }
            batch.positions += slot.positions
            batch.counts[slot.task.partition] = slot.counted
            batch.processed += slot.processed
        }
        return batch.counts.isEmpty ? nil : batch
    }

    /// Sends a batch's outputs (in a transaction with the input offsets, when transactional).
    ///
    /// - Returns: where the outputs landed.
    private static func send(
        _ outgoing: [OutgoingRecord], positions: [TopicPartitionOffset], clients: Clients
    ) async throws -> [TopicPartitionOffset] {
        guard let transactions = clients.transactions else {
            return try await deliver(outgoing, with: clients.producer)
        }
        try transactions.beginTransaction()
        do {
            let written = try await deliver(outgoing, with: clients.producer)
            try await transactions.sendOffsetsToTransaction(positions, groupMetadata: try clients.consumer.groupMetadata())
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

    /// Hands the chunks to the producer one after another, so that their deliveries overlap, then waits for them.
    /// A cancellation (or a failure) between two chunks still waits for the chunks already handed over before it
    /// ends the batch, as a crash after their acknowledgements would: a restore then finds them in the outputs.
    ///
    /// - Returns: where the outputs landed.
    private static func deliver(_ outgoing: [OutgoingRecord], with producer: KafkaProducer) async throws -> [TopicPartitionOffset] {
        var pending: [KafkaProducer.PendingDelivery] = []
        var interruption: (any Error)?
        do {
            for start in stride(from: 0, to: outgoing.count, by: deliveryChunk) {
                try Task.checkCancellation()
                pending.append(try await producer.enqueue(Array(outgoing[start..<min(outgoing.count, start + deliveryChunk)])))
            }
        } catch {
            interruption = error
        }
        var written: [TopicPartitionOffset] = []
        for delivery in pending {
            do {
                written += try await producer.delivered(delivery)
            } catch {
                interruption = interruption ?? error
            }
        }
        if let interruption { throw interruption }
        return written
    }
}


