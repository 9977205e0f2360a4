/// The progress of checkpoints, as an I/O-free state machine.
///
/// `idle → snapshotting` (a barrier goes through every lane, each lane snapshots its state when the barrier
/// reaches it) `→ writing` (all lanes reported: the checkpoint is written) `→ committing` (it is durable: the
/// source positions are committed) `→ idle`. Source positions are committed only once the checkpoint holding them
/// is durable, so a crash at any point restarts from a checkpoint whose input has not been released.
///
/// Requests arriving while a checkpoint is under way are merged into one that starts right after it.
public struct CheckpointLifecycle: Sendable {
    /// Where the current checkpoint stands.
    public enum State: Hashable, Sendable {
        /// No checkpoint under way.
        case idle
        /// The barrier of checkpoint `id` is travelling through the lanes.
        case snapshotting(id: UInt64)
        /// Checkpoint `id` is being written.
        case writing(id: UInt64)
        /// Checkpoint `id` is durable; its positions are being committed.
        case committing(id: UInt64)
    }

    /// What the owner must do next.
    public enum Action: Hashable, Sendable {
        /// Put barrier `id` into every lane, after everything dispatched so far, and report the positions.
        case injectBarrier(id: UInt64)
        /// Write this checkpoint durably, then report ``CheckpointLifecycle/written(id:)``.
        case write(Checkpoint)
        /// Commit these positions at the source, then report ``CheckpointLifecycle/committed(id:)``.
        case commit(id: UInt64, positions: [TopicPartitionOffset])
        /// Checkpoint `id` is complete: tell whoever asked for it.
        case completed(id: UInt64)
        /// Checkpoint `id` was abandoned; nothing was committed.
        case abandoned(id: UInt64, reason: String)
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// The number of lanes each checkpoint waits for.
    public let laneCount: Int
    /// The id the next checkpoint gets.
    public private(set) var nextID: UInt64
    /// The last checkpoint that completed.
    public private(set) var lastCompletedID: UInt64?
    /// A checkpoint was requested while another was under way.
    public private(set) var isRequestPending = false

    private var positions: [TopicPartitionOffset] = []
    private var createdAtNanos: Int64 = 0
    private var snapshots: [LaneSnapshot?] = []

    /// Creates the machine.
    ///
    /// - Parameters:
    ///   - laneCount: the lanes each checkpoint collects a snapshot from; must be positive.
    ///   - nextID: the id of the first checkpoint (one more than the checkpoint restored from).
    public init(laneCount: Int, nextID: UInt64 = 1) {
        precondition(laneCount > 0, "a pipeline has at least one lane")
        self.laneCount = laneCount
        self.nextID = nextID
    }

    /// Asks for a checkpoint.
    ///
    /// - Returns: `.injectBarrier` when idle; otherwise nothing, and one starts when the current one ends.
    public mutating func request() -> [Action] {
        guard state == .idle else {
            isRequestPending = true
            return []
        }
        return [begin()]
    }

    /// The barrier was injected: these are the positions of everything dispatched before it.
    ///
    /// - Parameters:
    ///   - id: the checkpoint.
    ///   - positions: the source positions at the barrier.
    ///   - createdAtNanos: the time of the barrier.
    public mutating func barrierInjected(id: UInt64, positions: [TopicPartitionOffset], createdAtNanos: Int64) {
        guard state == .snapshotting(id: id) else { return }
        self.positions = positions
        self.createdAtNanos = createdAtNanos
    }

    /// A lane reached the barrier and snapshotted its state.
    ///
    /// - Returns: `.write` once every lane has reported; reports for another checkpoint are ignored.
    public mutating func laneSnapshotted(id: UInt64, lane: Int, snapshot: LaneSnapshot) -> [Action] {
        guard state == .snapshotting(id: id), snapshots.indices.contains(lane), snapshots[lane] == nil else { return [] }
        snapshots[lane] = snapshot
        guard snapshots.allSatisfy({ $0 != nil }) else { return [] }
        state = .writing(id: id)
        let lanes = snapshots.compactMap { $0 }
        snapshots = []
        return [.write(Checkpoint(id: id, createdAtNanos: createdAtNanos, positions: positions, lanes: lanes))]
    }

    /// The checkpoint is durable.
    ///
    /// - Returns: `.commit` of its positions.
    public mutating func written(id: UInt64) -> [Action] {
        guard state == .writing(id: id) else { return [] }
        state = .committing(id: id)
        return [.commit(id: id, positions: positions)]
    }

    /// The positions are committed.
    ///
    /// - Returns: `.completed`, then `.injectBarrier` if a request is pending.
    public mutating func committed(id: UInt64) -> [Action] {
        guard state == .committing(id: id) else { return [] }
        lastCompletedID = id
        return finish(.completed(id: id))
    }

    /// Snapshotting, writing or committing failed.
    ///
    /// - Returns: `.abandoned`, then `.injectBarrier` if a request is pending.
    public mutating func failed(id: UInt64, reason: String) -> [Action] {
        switch state {
        case .snapshotting(id), .writing(id), .committing(id):
            snapshots = []
            return finish(.abandoned(id: id, reason: reason))
        default:
            return []
        }
    }

    private mutating func begin() -> Action {
        let id = nextID
        nextID += 1
        state = .snapshotting(id: id)
        snapshots = Array(repeating: nil, count: laneCount)
        positions = []
        return .injectBarrier(id: id)
    }

    private mutating func finish(_ outcome: Action) -> [Action] {
        state = .idle
        positions = []
        guard isRequestPending else { return [outcome] }
        isRequestPending = false
        return [outcome, begin()]
    }
}
