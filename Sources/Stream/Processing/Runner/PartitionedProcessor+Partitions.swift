extension PartitionedProcessor {
    /// The state key of an input partition.
    func stateKey(_ partition: TopicPartition) -> PartitionStateKey {
        PartitionStateKey(stage: configuration.stage, group: configuration.group, partition: partition)
    }

    /// The group assigned partitions: restore them and say where to read each from.
    func assign(_ partitions: [TopicPartition]) async throws -> [TopicPartitionOffset] {
        var starts: [TopicPartitionOffset] = []
        for case .restore(let restoring) in lifecycle.assigned(partitions) {
            starts += try await restore(restoring)
        }
        var positions: [TopicPartitionOffset] = []
        for case .start(let started) in lifecycle.restored(starts, nowNanos: WallClock.nowNanos()) {
            positions += started
        }
        return positions
    }

    /// The group takes partitions away; every record read from them has been processed and sent.
    func revoke(_ partitions: [TopicPartition]) async throws {
        try await perform(lifecycle.revoking(partitions))
    }

    /// Loads snapshots, finds the outputs written after them, and makes the partitions' tasks.
    private func restore(_ partitions: [TopicPartition]) async throws -> [TopicPartitionOffset] {
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
        var starts: [TopicPartitionOffset] = []
        for partition in partitions {
            let snapshot = snapshots[partition]
            tasks[partition] = try PartitionTask(
                partition: partition, operator: makeOperator(partition), snapshot: snapshot,
                alreadyWritten: written.filter { $0.source == partition }, broadcastHistory: broadcastHistory)
            starts.append(TopicPartitionOffset(partition, offset: snapshot?.nextOffset ?? KafkaConsumer.beginning))
            logger.info("restored partition", metadata: [
                "partition": "\(partition)", "from": "\(snapshot.map { String($0.nextOffset) } ?? "scratch")",
                "outputsAlreadyWritten": "\(written.count { $0.source == partition })"])
        }
        return starts
    }

    /// Carries out the lifecycle's actions (restores are done by ``assign(_:)``).
    func perform(_ actions: [PartitionLifecycle.Action]) async throws {
        for action in actions {
            switch action {
            case .snapshot(let partitions):
                // Every batch's outputs are acknowledged before the lifecycle is told about it: the ends are final.
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
