/// Settings of an ``EmbeddedProcessor``.
public struct EmbeddedProcessorConfiguration: Sendable {
    /// The stage name: dead letters go to `dlq.<stage>` (unless a rejection names another topic), it is the
    /// `stage` dimension of the ``StageMetrics`` and part of every state key. Default `stream`.
    public var stage: String
    /// The consumer group of the partitioned input, part of every state key; the broadcast input is read by the
    /// group `<group>.broadcast`. Default `stream`.
    public var group: String
    /// The topics read. Partitioned ones go through the group; broadcast ones
    /// (``TopicDecodable/isBroadcast(topic:)``) are applied to every partition's operator.
    public var inputTopics: [String]
    /// The most records taken from each input per batch. Default 5,000.
    public var maxBatchRecords: Int = 5_000
    /// When partition snapshots are taken. Default: every 20,000 records of a partition or every 5 s. Input
    /// offsets are committed at snapshots only (so a restart replays from the snapshot), so an in-process
    /// partition's capacity must exceed what a partition receives between two snapshots, or its producers wait.
    public var snapshots = PartitionLifecycle.Configuration(snapshotEveryRecords: 20_000, snapshotIntervalNanos: 5_000_000_000)
    /// The input logs do not outlive the process (the in-process transport of `tickflow run`, whose offsets start
    /// from 0 again): a restored partition keeps its snapshot's state but reads its new log from the start rather
    /// than from the snapshot's offset. Default `false`.
    public var inputIsEphemeral = false
    /// Broadcast records kept for operators of partitions first seen later, newest first; they stay uncommitted
    /// in the broadcast group too, so an in-process broadcast partition must hold this many plus what arrives
    /// between two snapshots. Default 10,000.
    public var broadcastHistoryLimit: Int = 10_000

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - inputTopics: the topics read, partitioned and broadcast.
    ///   - group: the consumer group.
    ///   - stage: the stage name.
    public init(inputTopics: [String], group: String = "stream", stage: String = "stream") {
        self.inputTopics = inputTopics
        self.group = group
        self.stage = stage
    }
}
