/// Settings of a ``PartitionedProcessor``.
public struct PartitionedProcessorConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// The consumer group; processors in one group share the input partitions.
    public var group: String
    /// The stage name: dead letters go to `dlq.<stage>` (unless a rejection names another topic), and it is part of
    /// every state key. Default `stream`.
    public var stage: String = "stream"
    /// The topics read. Partitioned ones are shared out by the group; broadcast ones (``TopicDecodable/isBroadcast(topic:)``)
    /// are read whole, from the beginning, by every processor.
    public var inputTopics: [String]
    /// Every topic an output or a dead letter may go to. They are read back on restore to recognise outputs
    /// already written, so an output to a topic not listed is refused. `dlq.<stage>` is added if missing.
    public var outputTopics: [String]
    /// Identifies this processor among the group's: part of its `transactional.id`. Keep it stable across restarts
    /// of one instance and distinct between instances. Default: random.
    public var instanceID: String = "\(UInt64.random(in: 0...UInt64.max))"
    /// Produce each batch's outputs and input offsets in one Kafka transaction. Default `true`.
    public var transactional: Bool = true
    /// The most records processed per batch (one transaction each). A read returns what is there, so batches are
    /// this large only while the input is backlogged: then fewer transactions (each several round trips to the
    /// coordinator) and larger record batches per output partition for downstream consumers. Kafka Streams commits
    /// exactly-once work every 100 ms, some 15,000 ticks at this processor's rate. Measured on the mock cluster
    /// (`stream-kafka`): 115k ticks/s on average at 5,000, 154k at 50,000. Default 50,000.
    public var maxBatchRecords: Int = 50_000
    /// A batch of at least this many records is sent while the next one is read and processed; a smaller one is
    /// sent before the next read. Overlapping uses a second core for delivery when batches are large (throughput),
    /// but measured 2 ms more median latency when they are small (a few ticks at a time). Default 1,000.
    public var overlapMinimumRecords: Int = 1_000
    /// How long a read waits for the first record of a batch. Default 20 ms.
    public var pollTimeout: Duration = .milliseconds(20)
    /// When partition snapshots are taken.
    public var snapshots: PartitionLifecycle.Configuration = .init()
    /// Producer `linger.ms` for outputs. Default 1.
    public var lingerMillis: Int = 1
    /// One task per partition *number* across the partitioned input topics instead of one per topic-partition, so
    /// that one operator sees every topic's records of a key (``CoPartitioning``): the topics must have the same
    /// partition count and be keyed alike (checked at connect: ``StreamError`` `.configuration` otherwise); the
    /// group then uses the `range` assignor, and an assignment that splits a partition number between members
    /// fails the run. A task processes its partitions' records merged in event-time order (``coPartitionMaxIdle``).
    /// Default `false`: one task per topic-partition.
    public var coPartitioned: Bool = false
    /// How long a record of a co-partitioned task waits, from when it is read, while another partition of the task
    /// has nothing, before it is processed anyway (Kafka Streams' `max.task.idle.ms`). Outputs are independent of
    /// how the consumer interleaves the partitions as long as none lags the others by more than this
    /// (``CoPartitionMerge``). Default 1 s.
    public var coPartitionMaxIdle: Duration = .seconds(1)
    /// librdkafka properties applied to every client this processor makes (e.g. `log_level`).
    public var additionalProperties: [String: String] = [:]

    /// Creates a configuration.
    public init(bootstrapServers: String, group: String, inputTopics: [String], outputTopics: [String]) {
        self.bootstrapServers = bootstrapServers
        self.group = group
        self.inputTopics = inputTopics
        self.outputTopics = outputTopics
    }

    /// The output topics with the stage's dead-letter topic.
    var allOutputTopics: [String] {
        let deadLetters = DeadLetterRouter.topic(forStage: stage)
        return outputTopics.contains(deadLetters) ? outputTopics : outputTopics + [deadLetters]
    }
}
