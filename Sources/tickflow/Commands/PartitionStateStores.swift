import Stream

/// Where a processor command (`process`, `analytics run`) keeps its partitions' state.
enum PartitionStateStores {
    /// A directory when `directory` is given (one processor on one disk), else the compacted Kafka topic `topic`.
    ///
    /// - Throws: ``StreamError`` when the store cannot be opened.
    static func open(brokers: String, topic: String, directory: String?) async throws -> any PartitionStateStore {
        if let directory { return try FilePartitionStateStore(directory: directory) }
        // A real cluster creates the compacted changelog here; the mock cluster has no CreateTopics (create it there).
        _ = try? await KafkaAdmin(bootstrapServers: brokers).createTopics([
            KafkaAdmin.NewTopic(name: topic, partitions: 6, replicationFactor: 3, configs: ["cleanup.policy": "compact"])
        ])
        return try await KafkaPartitionStateStore(bootstrapServers: brokers, topic: topic)
    }
}
