/// Settings of a ``KafkaConsumer``.
///
/// Offsets are never committed behind the application's back: auto-commit is off and only what the
/// application commits (or stores, then commits on revoke and close) counts as processed.
public struct KafkaConsumerConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// The consumer group; required for ``KafkaConsumer/subscribe(topics:)`` and commits. Without one, an
    /// assign-only consumer gets a private group id that never joins (it only names librdkafka's queue).
    public var groupId: String?
    /// The client id shown in broker logs. Default `tickflow`.
    public var clientId: String = "tickflow"
    /// Where to start without a committed position. Default ``KafkaOffsetReset/earliest``.
    public var autoOffsetReset: KafkaOffsetReset = .earliest
    /// Which transactional records are visible. Default ``KafkaIsolationLevel/readCommitted``.
    public var isolationLevel: KafkaIsolationLevel = .readCommitted
    /// How long the group waits for a silent member before rebalancing (`session.timeout.ms`). Default 10,000.
    public var sessionTimeoutMillis: Int = 10_000
    /// Heartbeat interval (`heartbeat.interval.ms`). Default 1,000.
    public var heartbeatIntervalMillis: Int = 1_000
    /// Partition assignment strategy. Default `range,roundrobin` (eager rebalancing).
    public var assignmentStrategy: String = "range,roundrobin"
    /// Sends requests at once (`socket.nagle.disable`). Default `true`: with Nagle's algorithm on, a small request
    /// written while an earlier one on the same connection is unacknowledged can wait for the broker's delayed ACK
    /// (40 ms on Linux). The same stall on the mock brokers' side is what ``KafkaMockCluster`` turns off.
    public var noDelay: Bool = true
    /// Any other librdkafka property, applied last.
    public var additionalProperties: [String: String] = [:]

    /// Creates a configuration.
    public init(bootstrapServers: String, groupId: String? = nil) {
        self.bootstrapServers = bootstrapServers
        self.groupId = groupId
    }

    /// The librdkafka properties this configuration applies to a consumer, `additionalProperties` last.
    public var properties: [String: String] {
        var properties: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientId,
            "enable.auto.commit": "false",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": autoOffsetReset.rawValue,
            "isolation.level": isolationLevel.rawValue,
            "session.timeout.ms": String(sessionTimeoutMillis),
            "heartbeat.interval.ms": String(heartbeatIntervalMillis),
            "partition.assignment.strategy": assignmentStrategy,
            "enable.partition.eof": "false",
            "socket.nagle.disable": noDelay ? "true" : "false",
        ]
        properties["group.id"] = groupId ?? "tickflow-assign-\(UInt64.random(in: 0...UInt64.max))"
        properties.merge(additionalProperties) { _, new in new }
        return properties
    }
}

/// What a consumer calls when the group moves partitions, before anything else happens to them.
public struct KafkaRebalanceHandler: Sendable {
    /// Called after partitions are assigned, before their first records are returned (restore state, seek).
    public var assigned: @Sendable ([TopicPartition]) async throws -> Void
    /// Called before partitions are taken away: flush and commit what was processed from them.
    public var revoking: @Sendable ([TopicPartition]) async throws -> Void
    /// Called before newly assigned partitions are taken up: where to start reading each one (a position kept
    /// with the application's state, say). Partitions it leaves out start from the group's committed offset.
    /// `nil` (the default): every partition starts from the committed offset.
    public var startPositions: (@Sendable ([TopicPartition]) async throws -> [TopicPartitionOffset])?

    /// Creates a handler; the closures default to doing nothing.
    public init(
        assigned: @escaping @Sendable ([TopicPartition]) async throws -> Void = { _ in },
        revoking: @escaping @Sendable ([TopicPartition]) async throws -> Void = { _ in },
        startPositions: (@Sendable ([TopicPartition]) async throws -> [TopicPartitionOffset])? = nil
    ) {
        self.assigned = assigned
        self.revoking = revoking
        self.startPositions = startPositions
    }
}
