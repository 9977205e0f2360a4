/// A consistent cut of a pipeline: the state of every lane after processing exactly the input before
/// ``positions``, and nothing after it.
public struct Checkpoint: Sendable, Hashable {
    /// Increases with every checkpoint of a pipeline.
    public var id: UInt64
    /// When the checkpoint was taken, ns since the epoch.
    public var createdAtNanos: Int64
    /// The source positions the state covers: every record before them is in it, none after.
    public var positions: [TopicPartitionOffset]
    /// One snapshot per lane, by lane index.
    public var lanes: [LaneSnapshot]

    /// Creates a checkpoint.
    public init(id: UInt64, createdAtNanos: Int64, positions: [TopicPartitionOffset], lanes: [LaneSnapshot]) {
        self.id = id
        self.createdAtNanos = createdAtNanos
        self.positions = positions
        self.lanes = lanes
    }
}
