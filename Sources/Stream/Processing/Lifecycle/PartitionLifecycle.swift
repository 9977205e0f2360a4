/// The life of the input partitions one processor owns, as an I/O-free state machine.
///
/// `assigned → restoring` (load the snapshot, restore the operator, recognise outputs already written)
/// `→ active` (records are processed; a snapshot is due every ``Configuration/snapshotEveryRecords`` records or
/// ``Configuration/snapshotIntervalNanos`` of time since the last one) `→` revoked or stopping: a final snapshot,
/// then the partition is released. Each event returns the actions its owner must carry out, in order; the
/// machine performs none, so it is tested without any broker.
///
/// A ``Action/snapshot(_:)`` is only ever asked for between batches, and its owner makes everything the batches
/// produced durable before taking it, so a snapshot never covers input whose outputs could still be lost.
public struct PartitionLifecycle: Sendable {
    /// When snapshots are due.
    public struct Configuration: Hashable, Sendable {
        /// Snapshot a partition after this many processed records; `nil` for no count trigger.
        public var snapshotEveryRecords: Int?
        /// Snapshot a partition that processed something this long after its last snapshot, in ns; `nil` for none.
        public var snapshotIntervalNanos: Int64?

        /// Creates a configuration.
        public init(snapshotEveryRecords: Int? = 50_000, snapshotIntervalNanos: Int64? = 5_000_000_000) {
            self.snapshotEveryRecords = snapshotEveryRecords
            self.snapshotIntervalNanos = snapshotIntervalNanos
        }
    }

    /// Where a partition stands.
    public enum Phase: Hashable, Sendable {
        /// Its state is being loaded; its records are not processed yet.
        case restoring
        /// Its records are processed.
        case active
    }

    /// What the owner must do next.
    public enum Action: Hashable, Sendable {
        /// Load these partitions' snapshots, restore their operators and find their outputs already written, then
        /// report ``PartitionLifecycle/restored(_:nowNanos:)``.
        case restore([TopicPartition])
        /// Read these partitions from these offsets.
        case start([TopicPartitionOffset])
        /// Make every output so far durable, then save these partitions' snapshots and report
        /// ``PartitionLifecycle/snapshotted(_:nowNanos:)``.
        case snapshot([TopicPartition])
        /// Forget these partitions' operators: another processor (or a restart) takes them from their snapshots.
        case release([TopicPartition])
        /// Nothing is owned any more: close the clients.
        case close
    }

    private struct Progress: Sendable {
        var phase: Phase
        var sinceSnapshot = 0
        var lastSnapshotNanos: Int64 = 0
    }

    /// The settings.
    public let configuration: Configuration
    private var partitions: [TopicPartition: Progress] = [:]
    /// Whether ``stopping()`` was called.
    public private(set) var isStopping = false

    /// Creates the machine with no partition.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// The phase of a partition, or `nil` if it is not owned.
    public func phase(of partition: TopicPartition) -> Phase? { partitions[partition]?.phase }

    /// The owned partitions, sorted.
    public var owned: [TopicPartition] { Self.sorted(partitions.keys) }

    /// Partitions were assigned to this processor.
    ///
    /// - Returns: `.restore` of those not already owned.
    public mutating func assigned(_ assigned: [TopicPartition]) -> [Action] {
        guard !isStopping else { return [] }
        let new = Self.sorted(assigned.filter { partitions[$0] == nil })
        guard !new.isEmpty else { return [] }
        for partition in new { partitions[partition] = Progress(phase: .restoring) }
        return [.restore(new)]
    }

    /// Partitions were restored and will be read from these offsets.
    ///
    /// - Returns: `.start` of those still restoring.
    public mutating func restored(_ starts: [TopicPartitionOffset], nowNanos: Int64) -> [Action] {
        let started = starts.filter { partitions[$0.topicPartition]?.phase == .restoring }
        guard !started.isEmpty else { return [] }
        for start in started { partitions[start.topicPartition] = Progress(phase: .active, lastSnapshotNanos: nowNanos) }
        return [.start(started)]
    }

    /// Whether records of a partition are to be processed now.
    public func accepts(_ partition: TopicPartition) -> Bool { partitions[partition]?.phase == .active }

    /// A batch was processed; its outputs may still be on their way (a `.snapshot` waits for them).
    ///
    /// - Parameters:
    ///   - counts: records processed per partition (partitions not active are ignored).
    ///   - nowNanos: the time now.
    /// - Returns: `.snapshot` of the partitions whose snapshot is due, if any.
    public mutating func processed(_ counts: [TopicPartition: Int], nowNanos: Int64) -> [Action] {
        for (partition, count) in counts where partitions[partition]?.phase == .active {
            partitions[partition]?.sinceSnapshot += count
        }
        let due = partitions.filter { _, progress in
            guard progress.phase == .active, progress.sinceSnapshot > 0 else { return false }
            if let every = configuration.snapshotEveryRecords, progress.sinceSnapshot >= every { return true }
            if let interval = configuration.snapshotIntervalNanos, nowNanos - progress.lastSnapshotNanos >= interval { return true }
            return false
        }
        return due.isEmpty ? [] : [.snapshot(Self.sorted(due.keys))]
    }

    /// Snapshots of these partitions are durable.
    public mutating func snapshotted(_ snapshotted: [TopicPartition], nowNanos: Int64) {
        for partition in snapshotted where partitions[partition] != nil {
            partitions[partition]?.sinceSnapshot = 0
            partitions[partition]?.lastSnapshotNanos = nowNanos
        }
    }

    /// The group is taking partitions away; every record read from them was processed.
    ///
    /// - Returns: `.snapshot` of those active that changed since their last snapshot, then `.release` of all of
    ///   those owned.
    public mutating func revoking(_ revoked: [TopicPartition]) -> [Action] {
        release(Self.sorted(revoked.filter { partitions[$0] != nil }))
    }

    /// The processor stops gracefully.
    ///
    /// - Returns: a final `.snapshot`, `.release` of everything owned, then `.close`.
    public mutating func stopping() -> [Action] {
        guard !isStopping else { return [] }
        isStopping = true
        return release(owned) + [.close]
    }

    private mutating func release(_ released: [TopicPartition]) -> [Action] {
        guard !released.isEmpty else { return [] }
        let changed = released.filter { partitions[$0]?.phase == .active && partitions[$0]?.sinceSnapshot != 0 }
        for partition in released { partitions[partition] = nil }
        return (changed.isEmpty ? [] : [.snapshot(changed)]) + [.release(released)]
    }

    private static func sorted(_ partitions: some Sequence<TopicPartition>) -> [TopicPartition] {
        partitions.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
