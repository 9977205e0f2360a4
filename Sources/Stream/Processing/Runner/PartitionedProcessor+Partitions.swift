extension PartitionedProcessor {
    /// The state key of a task (an input partition, or a co-partitioned task's key).
    func stateKey(_ partition: TopicPartition) -> PartitionStateKey {
        PartitionStateKey(stage: configuration.stage, group: configuration.group, partition: partition)
    }

    /// The tasks of input partitions: the partitions themselves, or the co-partitioned tasks they make up.
    ///
    /// - Throws: ``StreamError`` `.configuration` for an assignment that splits a co-partitioned task.
    private func tasks(of partitions: [TopicPartition]) throws -> [TopicPartition] {
        try coPartitioning?.tasks(of: partitions) ?? partitions
    }

    /// The group assigned partitions: restore their tasks and say where to read each partition from.
    ///
    /// - Throws: ``StreamError`` `.configuration` if the assignment splits a co-partitioned task between members
    ///   (the run fails rather than process a task with part of its input); a state store or read-back error.
    func assign(_ partitions: [TopicPartition]) async throws -> [TopicPartitionOffset] {
        var starts: [TopicPartition: [TopicPartitionOffset]] = [:]
        for case .restore(let restoring) in lifecycle.assigned(try tasks(of: partitions)) {
            starts.merge(try await restore(restoring)) { _, new in new }
        }
        let taskStarts = starts.compactMap { task, positions in positions.first { $0.topicPartition == task } }
        var positions: [TopicPartitionOffset] = []
        for case .start(let started) in lifecycle.restored(taskStarts, nowNanos: WallClock.nowNanos()) {
            positions += started.flatMap { starts[$0.topicPartition] ?? [] }
        }
        return positions
    }

    /// The group takes partitions away; every record read from them has been processed and sent, except those a
    /// co-partitioned task holds, which its next owner reads again from the task's snapshot.
    func revoke(_ partitions: [TopicPartition]) async throws {
        let revoked = coPartitioning.map { co in Array(Set(partitions.map(co.key(of:)))) } ?? partitions
        try await perform(lifecycle.revoking(revoked))
    }

    /// Loads snapshots, finds the outputs written after them, and makes the tasks.
    ///
    /// - Returns: per task, where to read each of its partitions from.
    private func restore(_ partitions: [TopicPartition]) async throws -> [TopicPartition: [TopicPartitionOffset]] {
        var snapshots: [TopicPartition: PartitionSnapshot] = [:]
        for partition in partitions { snapshots[partition] = try await store.load(stateKey(partition)) }
        // Outputs written after a snapshot lie after its offsets; without a snapshot, anywhere.
        var scanFrom: [TopicPartition: Int64] = [:]
        for output in outputEnds.keys {
            scanFrom[output] = partitions.map { snapshots[$0]?.outputStarts[output] ?? 0 }.min()
        }
        let written = try await OutputTailScanner(
            bootstrapServers: configuration.bootstrapServers, properties: configuration.additionalProperties
        ).written(by: Set(partitions), from: scanFrom)
        var starts: [TopicPartition: [TopicPartitionOffset]] = [:]
        for partition in partitions {
            let snapshot = snapshots[partition]
            let members = coPartitioning?.members(of: partition) ?? []
            tasks[partition] = try PartitionTask(
                partition: partition, coPartitioned: members, maxIdleNanos: coPartitionMaxIdleNanos,
                operator: makeOperator(partition), snapshot: snapshot, alreadyWritten: written.filter { $0.source == partition },
                broadcastHistory: broadcastHistory)
            starts[partition] = (members.isEmpty ? [partition] : members).map {
                TopicPartitionOffset($0, offset: snapshot?.nextOffset(of: $0) ?? KafkaConsumer.beginning)
            }
            logger.info("restored partition", metadata: [
                "partition": "\(partition)", "from": "\(snapshot.map { String($0.nextOffset) } ?? "scratch")",
                "coPartitions": "\(starts[partition]?.dropFirst().map(\.description) ?? [])",
                "outputsAlreadyWritten": "\(written.count { $0.source == partition })"])
        }
        return starts
    }

    /// Carries out the lifecycle's actions (restores are done by ``assign(_:)``), after settling the batch in
    /// flight: a snapshot, a release or a close needs every batch processed so far durable.
    func perform(_ actions: [PartitionLifecycle.Action]) async throws {
        guard !actions.isEmpty else { return }
        try await settle()
        for action in actions {
            switch action {
            case .snapshot(let partitions):
                // Every batch's outputs are acknowledged (settled above): the ends are final.
                for partition in partitions {
                    guard let task = tasks[partition] else { continue }
                    try await store.save(try task.snapshot(outputStarts: outputEnds), under: stateKey(partition))
                }
                lifecycle.snapshotted(partitions, nowNanos: WallClock.nowNanos())
            case .release(let partitions):
                for partition in partitions { tasks[partition] = nil }
            case .close:
                try await closeClients()
            case .restore, .start:
                break
            }
        }
    }
}
