/// Where a partitioned processor keeps each input partition's ``PartitionSnapshot``.
///
/// Two implementations: ``KafkaPartitionStateStore`` (a compacted changelog topic, for processes on a Kafka
/// cluster, so a partition's state can move to whichever process is assigned it) and
/// ``FilePartitionStateStore`` (a directory of atomically written files, for one process on one disk).
public protocol PartitionStateStore: Sendable {
    /// The newest intact snapshot stored under `key`.
    ///
    /// - Returns: the snapshot, or `nil` if there is none (the partition starts from scratch).
    /// - Throws: ``StreamError`` if the store cannot be read at all; damaged snapshots are skipped, not thrown.
    func load(_ key: PartitionStateKey) async throws -> PartitionSnapshot?

    /// Stores a snapshot durably; returns once it would survive a crash.
    ///
    /// - Throws: ``StreamError`` if it could not be made durable.
    func save(_ snapshot: PartitionSnapshot, under key: PartitionStateKey) async throws

    /// Releases the store's resources.
    func close() async
}

/// Names one input partition's state: the stage, the consumer group and the partition.
public struct PartitionStateKey: Hashable, Sendable, CustomStringConvertible {
    /// The stage name, e.g. `stream`.
    public var stage: String
    /// The consumer group of the processors sharing the partitions.
    public var group: String
    /// The input partition.
    public var partition: TopicPartition

    /// Creates a key.
    public init(stage: String, group: String, partition: TopicPartition) {
        self.stage = stage
        self.group = group
        self.partition = partition
    }

    /// `stage/group/topic/partition`: the changelog record key.
    public var description: String { "\(stage)/\(group)/\(partition.topic)/\(partition.partition)" }
}
