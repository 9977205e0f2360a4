import Stream
import Testing

@Suite struct PartitionLifecycleTests {
    let p0 = TopicPartition(topic: "ticks", partition: 0)
    let p1 = TopicPartition(topic: "ticks", partition: 1)
    let p2 = TopicPartition(topic: "ticks", partition: 2)
    let second: Int64 = 1_000_000_000

    private func active(_ partitions: [TopicPartition], every: Int? = 100, interval: Int64? = nil) -> PartitionLifecycle {
        var lifecycle = PartitionLifecycle(configuration: .init(snapshotEveryRecords: every, snapshotIntervalNanos: interval))
        _ = lifecycle.assigned(partitions)
        _ = lifecycle.restored(partitions.map { TopicPartitionOffset($0, offset: 0) }, nowNanos: 0)
        return lifecycle
    }

    @Test func assignedPartitionsAreRestoredThenStartedAtTheirSnapshotOffsets() {
        var lifecycle = PartitionLifecycle()
        #expect(lifecycle.assigned([p1, p0]) == [.restore([p0, p1])])
        #expect(lifecycle.phase(of: p0) == .restoring)
        #expect(!lifecycle.accepts(p0))
        let starts = [TopicPartitionOffset(p0, offset: 42), TopicPartitionOffset(p1, offset: 7)]
        #expect(lifecycle.restored(starts, nowNanos: 0) == [.start(starts)])
        #expect(lifecycle.accepts(p0) && lifecycle.accepts(p1))
        #expect(lifecycle.owned == [p0, p1])
        // Assigned again (eager rebalance keeping them): nothing to restore.
        #expect(lifecycle.assigned([p0, p1, p2]) == [.restore([p2])])
    }

    @Test func aRestoreReportedForAPartitionNotRestoringStartsNothing() {
        var lifecycle = PartitionLifecycle()
        #expect(lifecycle.restored([TopicPartitionOffset(p0, offset: 3)], nowNanos: 0) == [])
        #expect(!lifecycle.accepts(p0))
    }

    @Test func aSnapshotIsDueAfterEnoughRecordsPerPartition() {
        var lifecycle = active([p0, p1], every: 100)
        #expect(lifecycle.processed([p0: 60, p1: 99], nowNanos: 1) == [])
        #expect(lifecycle.processed([p0: 40], nowNanos: 2) == [.snapshot([p0])])
        lifecycle.snapshotted([p0], nowNanos: 2)
        #expect(lifecycle.processed([p0: 1, p1: 1], nowNanos: 3) == [.snapshot([p1])])
    }

    @Test func aSnapshotIsDueAfterTheIntervalOnlyIfSomethingWasProcessed() {
        var lifecycle = active([p0, p1], every: nil, interval: 5 * second)
        #expect(lifecycle.processed([p0: 1], nowNanos: 4 * second) == [])
        #expect(lifecycle.processed([:], nowNanos: 6 * second) == [.snapshot([p0])])
        lifecycle.snapshotted([p0], nowNanos: 6 * second)
        #expect(lifecycle.processed([:], nowNanos: 20 * second) == [])
    }

    @Test func revokingSnapshotsChangedPartitionsThenReleasesThem() {
        var lifecycle = active([p0, p1, p2])
        _ = lifecycle.processed([p0: 5, p2: 3], nowNanos: 1)
        #expect(lifecycle.revoking([p0, p1]) == [.snapshot([p0]), .release([p0, p1])])
        #expect(lifecycle.owned == [p2])
        #expect(!lifecycle.accepts(p0))
        // A revocation of partitions not owned does nothing.
        #expect(lifecycle.revoking([p0]) == [])
    }

    @Test func aPartitionRevokedWhileRestoringIsReleasedWithoutASnapshot() {
        var lifecycle = PartitionLifecycle()
        _ = lifecycle.assigned([p0])
        #expect(lifecycle.revoking([p0]) == [.release([p0])])
    }

    @Test func stoppingSnapshotsEverythingChangedReleasesAndCloses() {
        var lifecycle = active([p0, p1])
        _ = lifecycle.processed([p1: 2], nowNanos: 1)
        #expect(lifecycle.stopping() == [.snapshot([p1]), .release([p0, p1]), .close])
        #expect(lifecycle.isStopping)
        #expect(lifecycle.stopping() == [])
        #expect(lifecycle.assigned([p0]) == [])
    }

    @Test func stoppingWithNothingOwnedOnlyCloses() {
        var lifecycle = PartitionLifecycle()
        #expect(lifecycle.stopping() == [.close])
    }
}
