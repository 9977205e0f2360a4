/// Settings of an ``InProcessTransport``.
public struct InProcessTransportConfiguration: Sendable {
    /// Partitions of a topic created on first use (by a producer or a consumer) rather than declared. Default 4.
    public var defaultPartitionCount: Int
    /// The bound of each partition: how many records may be waiting for the slowest consumer group's commit before
    /// producers wait. Default 10 000.
    ///
    /// A topic no group subscribes to keeps its latest `partitionCapacity` records per partition, like a Kafka
    /// topic's retention, and never makes producers wait: nobody would ever release them.
    public var partitionCapacity: Int
    /// The wall clock, in nanoseconds since the Unix epoch, used to stamp records sent without a timestamp.
    /// Default: the system's real-time clock.
    public var now: @Sendable () -> Int64
    /// Called (outside any lock) on notable transitions; meant for tests and diagnostics. Default `nil`.
    public var observer: (@Sendable (InProcessTransportEvent) -> Void)?

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - defaultPartitionCount: partitions of topics created on first use; must be positive.
    ///   - partitionCapacity: the per-partition bound on records not yet committed by every group; must be positive.
    ///   - now: the clock stamping records that have no timestamp.
    ///   - observer: receives ``InProcessTransportEvent``s.
    public init(
        defaultPartitionCount: Int = 4,
        partitionCapacity: Int = 10_000,
        now: @escaping @Sendable () -> Int64 = WallClock.nowNanos,
        observer: (@Sendable (InProcessTransportEvent) -> Void)? = nil
    ) {
        precondition(defaultPartitionCount > 0, "defaultPartitionCount must be positive")
        precondition(partitionCapacity > 0, "partitionCapacity must be positive")
        self.defaultPartitionCount = defaultPartitionCount
        self.partitionCapacity = partitionCapacity
        self.now = now
        self.observer = observer
    }
}
