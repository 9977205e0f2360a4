import Testing

@testable import Stream

@Suite struct CheckpointLifecycleTests {
    let positions = [TopicPartitionOffset(topic: "t", partition: 0, offset: 5)]
    let laneA = LaneSnapshot(operatorState: [1], sinkState: [])
    let laneB = LaneSnapshot(operatorState: [2], sinkState: [3])

    @Test func goesThroughSnapshottingWritingCommittingBackToIdle() {
        var lifecycle = CheckpointLifecycle(laneCount: 2, nextID: 4)
        #expect(lifecycle.request() == [.injectBarrier(id: 4)])
        #expect(lifecycle.state == .snapshotting(id: 4))
        lifecycle.barrierInjected(id: 4, positions: positions, createdAtNanos: 99)
        #expect(lifecycle.laneSnapshotted(id: 4, lane: 1, snapshot: laneB) == [])
        let expected = Checkpoint(id: 4, createdAtNanos: 99, positions: positions, lanes: [laneA, laneB])
        #expect(lifecycle.laneSnapshotted(id: 4, lane: 0, snapshot: laneA) == [.write(expected)])
        #expect(lifecycle.state == .writing(id: 4))
        #expect(lifecycle.written(id: 4) == [.commit(id: 4, positions: positions)])
        #expect(lifecycle.state == .committing(id: 4))
        #expect(lifecycle.committed(id: 4) == [.completed(id: 4)])
        #expect(lifecycle.state == .idle)
        #expect(lifecycle.lastCompletedID == 4)
    }

    @Test func positionsAreNeverCommittedBeforeTheCheckpointIsWritten() {
        var lifecycle = CheckpointLifecycle(laneCount: 1)
        _ = lifecycle.request()
        lifecycle.barrierInjected(id: 1, positions: positions, createdAtNanos: 0)
        #expect(lifecycle.committed(id: 1) == [])
        _ = lifecycle.laneSnapshotted(id: 1, lane: 0, snapshot: laneA)
        #expect(lifecycle.committed(id: 1) == [])
        #expect(lifecycle.state == .writing(id: 1))
        #expect(lifecycle.failed(id: 1, reason: "disk full") == [.abandoned(id: 1, reason: "disk full")])
        #expect(lifecycle.state == .idle)
        #expect(lifecycle.lastCompletedID == nil)
    }

    @Test func requestsDuringACheckpointStartOneRightAfterIt() {
        var lifecycle = CheckpointLifecycle(laneCount: 1)
        _ = lifecycle.request()
        #expect(lifecycle.request() == [])
        #expect(lifecycle.request() == [])
        lifecycle.barrierInjected(id: 1, positions: [], createdAtNanos: 0)
        _ = lifecycle.laneSnapshotted(id: 1, lane: 0, snapshot: laneA)
        _ = lifecycle.written(id: 1)
        #expect(lifecycle.committed(id: 1) == [.completed(id: 1), .injectBarrier(id: 2)])
        #expect(lifecycle.state == .snapshotting(id: 2))
        #expect(!lifecycle.isRequestPending)
    }

    @Test func staleAndDuplicateLaneReportsAreIgnored() {
        var lifecycle = CheckpointLifecycle(laneCount: 2)
        _ = lifecycle.request()
        #expect(lifecycle.laneSnapshotted(id: 9, lane: 0, snapshot: laneA) == [])
        #expect(lifecycle.laneSnapshotted(id: 1, lane: 0, snapshot: laneA) == [])
        #expect(lifecycle.laneSnapshotted(id: 1, lane: 0, snapshot: laneB) == [])
        #expect(lifecycle.laneSnapshotted(id: 1, lane: 5, snapshot: laneB) == [])
        #expect(lifecycle.state == .snapshotting(id: 1))
    }
}
