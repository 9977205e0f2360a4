import CRdKafka
import Logging
import Synchronization

/// Owns one `rd_kafka_t` and destroys it when the last reference goes.
///
/// librdkafka's handle is thread-safe, which is why this class is `@unchecked Sendable`.
final class KafkaHandle: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let pointer: OpaquePointer
    let kind: Kind
    private let logs: KafkaLogDrain

    /// Creates the handle; the configuration object is consumed on success and destroyed on failure.
    ///
    /// - Parameter logger: where librdkafka's own log lines go (the configuration queues them: ``KafkaClientConfiguration``).
    init(kind: Kind, configuration conf: OpaquePointer, logger: Logger) throws {
        var errstr = [CChar](repeating: 0, count: 512)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(type, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)
            throw StreamError(.configuration, "rd_kafka_new failed: \(String(kafkaErrorBuffer: errstr))")
        }
        self.pointer = handle
        self.kind = kind
        logs = KafkaLogDrain(client: handle, logger: logger)
    }

    /// Topic objects are created once per name and kept: librdkafka looks them up per record otherwise.
    private let topics = Mutex<[String: OpaquePointer]>([:])

    deinit {
        logs.stop()
        for topic in topics.withLock({ $0.values }) { rd_kafka_topic_destroy(topic) }
        rd_kafka_destroy(pointer)
    }

    /// The topic object for a name, created on first use.
    func topic(named name: String) -> OpaquePointer? {
        topics.withLock { topics in
            if let topic = topics[name] { return topic }
            guard let topic = rd_kafka_topic_new(pointer, name, nil) else { return nil }
            topics[name] = topic
            return topic
        }
    }

    /// The client's fatal error, if one was raised (idempotent and transactional producers).
    func fatalError() -> StreamError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(pointer, &errstr, errstr.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return StreamError(
            .internal, "fatal Kafka error: \(String(kafkaErrorBuffer: errstr))", kafkaErrorCode: code.rawValue, isFatal: true)
    }

    /// Broker metadata for every topic, or one.
    func metadata(topic: String? = nil, timeoutMillis: Int32) throws -> [KafkaTopicMetadata] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        var topicHandle: OpaquePointer?
        if let topic { topicHandle = rd_kafka_topic_new(pointer, topic, nil) }
        defer { if let topicHandle { rd_kafka_topic_destroy(topicHandle) } }
        let err = rd_kafka_metadata(pointer, topic == nil ? 1 : 0, topicHandle, &metadata, timeoutMillis)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw StreamError(.admin, "metadata request failed", underlying: KafkaErrorCode(err), kafkaErrorCode: err.rawValue)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [KafkaTopicMetadata] = []
        for index in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[index]
            var partitions: [KafkaPartitionMetadata] = []
            for p in 0..<Int(topic.partition_cnt) {
                let partition = topic.partitions[p]
                partitions.append(KafkaPartitionMetadata(
                    id: partition.id, leader: partition.leader, replicaCount: Int(partition.replica_cnt),
                    inSyncReplicaCount: Int(partition.isr_cnt)))
            }
            topics.append(KafkaTopicMetadata(
                name: String(cString: topic.topic), partitions: partitions.sorted { $0.id < $1.id },
                error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaErrorCode(topic.err)))
        }
        return topics.sorted { $0.name < $1.name }
    }
}

/// What the brokers report about one topic.
public struct KafkaTopicMetadata: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// Its partitions, by id.
    public var partitions: [KafkaPartitionMetadata]
    /// The broker's error for this topic (for example, unknown topic), if any.
    public var error: KafkaErrorCode?

    /// Creates topic metadata (the cluster reports it; tests and tools build it).
    public init(name: String, partitions: [KafkaPartitionMetadata], error: KafkaErrorCode? = nil) {
        self.name = name
        self.partitions = partitions
        self.error = error
    }

    /// The replication factor, read off the first partition's replica list.
    public var replicationFactor: Int { partitions.first?.replicaCount ?? 0 }
}

/// What the brokers report about one partition.
public struct KafkaPartitionMetadata: Sendable, Hashable {
    /// The partition id.
    public var id: Int32
    /// The broker id of the partition's leader.
    public var leader: Int32
    /// The number of replicas.
    public var replicaCount: Int
    /// The number of in-sync replicas.
    public var inSyncReplicaCount: Int

    /// Creates partition metadata.
    public init(id: Int32, leader: Int32, replicaCount: Int, inSyncReplicaCount: Int) {
        self.id = id
        self.leader = leader
        self.replicaCount = replicaCount
        self.inSyncReplicaCount = inSyncReplicaCount
    }
}
