/// Settings of a ``Pipeline``.
public struct PipelineConfiguration: Sendable {
    /// Parallel lanes; records are routed to a lane by `murmur2(key) % lanes`, so one instrument always goes
    /// through the same lane, in order. Default 2 (the machines have two cores).
    public var lanes: Int
    /// The most records read from the source at once. Default 1024.
    public var batchSize: Int
    /// The bound of each lane's queue, in records; the reader waits while a lane is this full. Default 8192.
    public var laneCapacity: Int
    /// Take a checkpoint this often; `nil` for none but the requested and the final ones. Default 10 s.
    public var checkpointInterval: Duration?
    /// Also take a checkpoint after this many records read; `nil` for no count trigger. Default `nil`.
    ///
    /// Keep it below what the input transport holds uncommitted (its partition bound times the partitions):
    /// the input is released only by checkpoints, so a larger count would wait forever for records that cannot come.
    public var checkpointEveryRecords: Int?
    /// How long the sink and the dead-letter producer may take to flush at a checkpoint. Default 30 s.
    public var flushTimeout: Duration

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - lanes: parallel lanes, at least 1.
    ///   - batchSize: records per read, at least 1.
    ///   - laneCapacity: records queued per lane before the reader waits, at least 1.
    ///   - checkpointInterval: the periodic checkpoint interval, or `nil`.
    ///   - checkpointEveryRecords: the record-count checkpoint trigger, or `nil`.
    ///   - flushTimeout: the flush bound at checkpoints.
    public init(
        lanes: Int = 2, batchSize: Int = 1024, laneCapacity: Int = 8192, checkpointInterval: Duration? = .seconds(10),
        checkpointEveryRecords: Int? = nil, flushTimeout: Duration = .seconds(30)
    ) {
        precondition(lanes > 0 && batchSize > 0 && laneCapacity > 0, "lanes, batchSize and laneCapacity must be positive")
        self.lanes = lanes
        self.batchSize = batchSize
        self.laneCapacity = laneCapacity
        self.checkpointInterval = checkpointInterval
        self.checkpointEveryRecords = checkpointEveryRecords
        self.flushTimeout = flushTimeout
    }
}
