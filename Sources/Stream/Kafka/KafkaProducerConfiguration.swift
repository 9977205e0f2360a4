/// Settings of a ``KafkaProducer``.
///
/// The defaults are TickFlow's production choices: idempotent, `acks=all`, lz4, 5 ms linger, and the
/// Java-compatible murmur2 partitioner so that a key lands on the same partition as with the in-process
/// transport and with Java or Python producers.
public struct KafkaProducerConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// The client id shown in broker logs. Default `tickflow`.
    public var clientId: String = "tickflow"
    /// Exactly-once per partition within a producer session (`enable.idempotence`). Default `true`.
    public var idempotent: Bool = true
    /// What the leader waits for before acknowledging. Default ``KafkaAcks/all``.
    public var acks: KafkaAcks = .all
    /// Batch compression. Default ``KafkaCompression/lz4``.
    public var compression: KafkaCompression = .lz4
    /// How long to wait for more records before sending a batch (`linger.ms`). Default 5.
    public var lingerMillis: Int = 5
    /// Maximum bytes of one batch (`batch.size`). Default 1,000,000.
    public var batchSizeBytes: Int = 1_000_000
    /// Maximum records waiting for delivery before `send` waits (`queue.buffering.max.messages`). Default 100,000.
    public var maxQueuedMessages: Int = 100_000
    /// How long a record may wait for delivery, retries included, before it fails (`message.timeout.ms`).
    /// Default 300,000 (5 minutes), long enough to ride out a broker restart.
    public var messageTimeoutMillis: Int = 300_000
    /// The partitioner for keyed records. Default `murmur2_random` (Java client compatible).
    public var partitioner: String = "murmur2_random"
    /// Set for a transactional producer (``KafkaTransactionalProducer``); unique per producing stage instance.
    public var transactionalId: String?
    /// How long a transaction may stay open before the coordinator aborts it (`transaction.timeout.ms`).
    /// Default 60,000. A transactional producer's `message.timeout.ms` is capped to it, as librdkafka requires.
    public var transactionTimeoutMillis: Int = 60_000
    /// Sends requests at once (`socket.nagle.disable`). Default `true`: with Nagle's algorithm on, a small request
    /// written while an earlier one on the same connection is unacknowledged can wait for the broker's delayed ACK
    /// (40 ms on Linux). The same stall on the mock brokers' side is what ``KafkaMockCluster`` turns off.
    public var noDelay: Bool = true
    /// Any other librdkafka property, applied last.
    public var additionalProperties: [String: String] = [:]

    /// Creates a configuration for the given brokers.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties this configuration applies to a producer, `additionalProperties` last.
    public var properties: [String: String] {
        var properties: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientId,
            "enable.idempotence": idempotent ? "true" : "false",
            "acks": acks.rawValue,
            "compression.codec": compression.rawValue,
            "linger.ms": String(lingerMillis),
            "batch.size": String(batchSizeBytes),
            "queue.buffering.max.messages": String(maxQueuedMessages),
            "message.timeout.ms": String(messageTimeoutMillis),
            "partitioner": partitioner,
            "socket.nagle.disable": noDelay ? "true" : "false",
        ]
        if let transactionalId {
            properties["transactional.id"] = transactionalId
            properties["transaction.timeout.ms"] = String(transactionTimeoutMillis)
            properties["message.timeout.ms"] = String(min(messageTimeoutMillis, transactionTimeoutMillis))
        }
        properties.merge(additionalProperties) { _, new in new }
        return properties
    }
}
