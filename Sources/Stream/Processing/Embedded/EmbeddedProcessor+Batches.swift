extension EmbeddedProcessor {
    /// Processes one batch: operators for partitions seen for the first time, new broadcast records to every
    /// operator, each partition's records to its own; sends the outputs and dead letters, counts, then takes the
    /// snapshots that are due.
    func process(_ records: [IncomingRecord], broadcast raw: [IncomingRecord]) async throws {
        guard let clients else { return }
        let broadcast = StreamRecord<Op.Input>.decodingBroadcast(raw, logger: logger)
        let byPartition = records.groupedByPartition()
        let unknown = byPartition.keys.filter { lifecycle.phase(of: $0) == nil }
        if !unknown.isEmpty { try await adopt(unknown) }
        remember(broadcast)
        for record in raw { broadcastApplied[record.topicPartition] = record.offset + 1 }

        var outgoing: [OutgoingRecord] = []
        var counts: [TopicPartition: Int] = [:]
        var processed = 0
        var newestEventNanos: Int64?
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            let fresh = byPartition[partition] ?? []
            // Taken out of the dictionary while it runs: a copy left behind would make the operator's state copy on write.
            guard var task = tasks.removeValue(forKey: partition) else { continue }
            defer { tasks[partition] = task }
            let side = task.pendingBroadcast + broadcast
            // Records before the task's offset are already in its state (a log that outlived the snapshot's commit).
            let unseen = fresh.drop { $0.offset < task.nextOffset }
            guard !unseen.isEmpty || !side.isEmpty else { continue }
            task.pendingBroadcast = []
            let stepped = try await task.step(records: unseen, broadcast: side, outputs: outputs)
            outgoing += stepped.records
            if let time = stepped.newestEventNanos { newestEventNanos = max(newestEventNanos ?? time, time) }
            if let last = unseen.last { task.nextOffset = last.offset + 1 }
            counts[partition] = unseen.count + side.count
            processed += unseen.count
        }
        if !outgoing.isEmpty { try await clients.producer.send(outgoing) }
        processedRecords += processed
        stageMetrics.processed(records: processed, outputs: outgoing.count, newestEventNanos: newestEventNanos)
        if let backlog = clients.backlog { stageMetrics.backlog(backlog.recordsBehind()) }
        if !counts.isEmpty { try await perform(lifecycle.processed(counts, nowNanos: WallClock.nowNanos())) }
    }

    /// The partitioned input ended: every operator emits what it still holds.
    func finishInput() async throws {
        guard let clients else { return }
        var outgoing: [OutgoingRecord] = []
        var counts: [TopicPartition: Int] = [:]
        for partition in lifecycle.owned where lifecycle.accepts(partition) {
            guard var task = tasks.removeValue(forKey: partition) else { continue }
            outgoing += try await task.finish(outputs: outputs)
            tasks[partition] = task
            counts[partition] = 1
        }
        if !outgoing.isEmpty { try await clients.producer.send(outgoing) }
        stageMetrics.processed(records: 0, outputs: outgoing.count, newestEventNanos: nil)
        // Counted as processed so that the final snapshots cover the finished state.
        _ = lifecycle.processed(counts, nowNanos: WallClock.nowNanos())
    }

    /// Makes the operators of partitions seen for the first time, restored from their snapshots.
    private func adopt(_ partitions: [TopicPartition]) async throws {
        for case .restore(let restoring) in lifecycle.assigned(partitions) {
            var starts: [TopicPartitionOffset] = []
            var fromSnapshots = 0
            for partition in restoring {
                var snapshot = try await store.load(stateKey(partition))
                if configuration.inputIsEphemeral { snapshot?.nextOffset = 0 }
                tasks[partition] = try PartitionTask(
                    partition: partition, operator: makeOperator(partition), snapshot: snapshot, alreadyWritten: [],
                    broadcastHistory: broadcastHistory)
                starts.append(TopicPartitionOffset(partition, offset: snapshot?.nextOffset ?? 0))
                if snapshot != nil { fromSnapshots += 1 }
            }
            _ = lifecycle.restored(starts, nowNanos: WallClock.nowNanos())
            logger.info("new input partitions", metadata: [
                "partitions": "\(restoring.count)", "fromSnapshots": "\(fromSnapshots)"])
        }
    }

    /// Keeps the newest broadcast records for operators made later.
    private func remember(_ broadcast: [StreamRecord<Op.Input>]) {
        guard !broadcast.isEmpty else { return }
        broadcastHistory += broadcast
        let excess = broadcastHistory.count - configuration.broadcastHistoryLimit
        if excess > 0 { broadcastHistory.removeFirst(excess) }
    }

    /// Carries out the lifecycle's actions: snapshots then commits, releases.
    func perform(_ actions: [PartitionLifecycle.Action]) async throws {
        for action in actions {
            switch action {
            case .snapshot(let partitions):
                var positions: [TopicPartitionOffset] = []
                for partition in partitions {
                    guard let task = tasks[partition] else { continue }
                    try await store.save(try task.snapshot(outputStarts: [:]), under: stateKey(partition))
                    positions.append(TopicPartitionOffset(partition, offset: task.nextOffset))
                    broadcastAtSnapshot[partition] = broadcastApplied
                }
                lifecycle.snapshotted(partitions, nowNanos: WallClock.nowNanos())
                try await commit(positions)
            case .release(let partitions):
                for partition in partitions {
                    tasks[partition] = nil
                    broadcastAtSnapshot[partition] = nil
                }
            case .restore, .start, .close:
                break
            }
        }
    }

    /// Commits the snapshotted input offsets, and the broadcast offsets every operator's snapshot covers but the
    /// newest ``EmbeddedProcessorConfiguration/broadcastHistoryLimit``.
    private func commit(_ positions: [TopicPartitionOffset]) async throws {
        guard let clients else { return }
        if !positions.isEmpty { try await clients.consumer.commit(positions) }
        guard let broadcast = clients.broadcast, !tasks.isEmpty else { return }
        var covered: [TopicPartitionOffset] = []
        for (partition, applied) in broadcastApplied {
            let committed = broadcastCommitted[partition] ?? 0
            let floor = tasks.keys.map { broadcastAtSnapshot[$0]?[partition] ?? committed }.min() ?? committed
            // The newest records stay uncommitted: they are the history a restarted processor gives new operators.
            let target = min(floor, applied) - Int64(configuration.broadcastHistoryLimit)
            if target > committed { covered.append(TopicPartitionOffset(partition, offset: target)) }
        }
        guard !covered.isEmpty else { return }
        try await broadcast.commit(covered)
        for position in covered { broadcastCommitted[position.topicPartition] = position.offset }
    }
}
