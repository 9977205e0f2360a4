import Logging
import Synchronization

/// Partition snapshots in a compacted Kafka changelog topic, keyed by ``PartitionStateKey`` (`stage/group/topic/
/// partition`), so whichever process a partition is assigned to finds its latest state.
///
/// Writes go through an idempotent `acks=all` producer and return once acknowledged. Reads keep a private
/// assign-only consumer over the whole changelog: ``load(_:)`` first reads up to the changelog's current end
/// offsets, so a snapshot acknowledged before the call (by this process or another one) is seen, then returns the
/// newest intact snapshot of the key. A damaged record is logged and skipped, keeping the previous snapshot.
/// Loads must not overlap (the processor restores partitions one batch at a time).
public final class KafkaPartitionStateStore: PartitionStateStore {
    /// The changelog topic.
    public let topic: String
    private let producer: KafkaProducer
    private let consumer: KafkaConsumer
    private let partitions: [TopicPartition]
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        /// The newest intact snapshot per key read so far.
        var snapshots: [String: PartitionSnapshot] = [:]
        /// The offset of the last changelog record read, per partition.
        var positions: [TopicPartition: Int64] = [:]
    }

    /// Opens the store on an existing changelog topic (create it compacted: `cleanup.policy=compact`).
    ///
    /// - Parameters:
    ///   - bootstrapServers: the brokers.
    ///   - topic: the changelog topic.
    ///   - logger: where skipped records are reported.
    /// - Throws: ``StreamError`` if the topic does not exist or the clients cannot be created.
    public init(
        bootstrapServers: String, topic: String, logger: Logger = Logger(label: "tickflow.processing.changelog")
    ) async throws {
        self.topic = topic
        self.logger = logger
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        producerConfiguration.lingerMillis = 0
        producerConfiguration.additionalProperties = ["log_level": "3"]
        producer = try KafkaProducer(configuration: producerConfiguration)
        let count = try await KafkaTransport(bootstrapServers: bootstrapServers).partitionCount(of: topic)
        partitions = (0..<count).map { TopicPartition(topic: topic, partition: Int32($0)) }
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers)
        consumerConfiguration.additionalProperties = ["log_level": "3"]
        consumer = try KafkaConsumer(configuration: consumerConfiguration)
        try consumer.assign(partitions.map { TopicPartitionOffset($0, offset: KafkaConsumer.beginning) })
    }

    public func load(_ key: PartitionStateKey) async throws -> PartitionSnapshot? {
        try await catchUp()
        return state.withLock { $0.snapshots[key.description] }
    }

    public func save(_ snapshot: PartitionSnapshot, under key: PartitionStateKey) async throws {
        try await producer.send([OutgoingRecord(topic: topic, key: Array(key.description.utf8), value: snapshot.encoded())])
    }

    public func close() async {
        try? await producer.close()
        await consumer.close()
    }

    /// Reads the changelog up to the end offsets it has now.
    private func catchUp() async throws {
        let ends = try await consumer.endOffsets(partitions)
        let unread = state.withLock { state in ends.filter { (state.positions[$0.topicPartition] ?? -1) < $0.offset - 1 } }
        try await consumer.readToEnd(unread) { records in
            for record in records { apply(record) }
        }
    }

    private func apply(_ record: IncomingRecord) {
        state.withLock { $0.positions[record.topicPartition] = record.offset }
        guard let key = record.key.flatMap({ String(validating: $0, as: UTF8.self) }) else { return }
        do {
            let snapshot = try PartitionSnapshot(decoding: record.value)
            state.withLock { $0.snapshots[key] = snapshot }
        } catch {
            logger.error(
                "skipping a damaged snapshot in the changelog, keeping the previous one",
                metadata: ["key": "\(key)", "offset": "\(record.topicPartition)@\(record.offset)", "error": "\(error)"])
        }
    }
}
