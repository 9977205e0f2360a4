import Logging

/// The Kafka implementation of ``Transport``: stages exchange records through a Kafka cluster.
public struct KafkaTransport: Transport {
    /// Settings for the producers this transport makes.
    public var producerConfiguration: KafkaProducerConfiguration
    /// Settings for the consumers this transport makes (the group id is set per consumer).
    public var consumerConfiguration: KafkaConsumerConfiguration

    /// Creates a transport on the given brokers with TickFlow's default client settings.
    public init(bootstrapServers: String) {
        producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers)
    }

    public func makeProducer() throws -> any RecordProducer {
        try KafkaProducer(configuration: producerConfiguration)
    }

    /// Makes a consumer that joins `group` and subscribes to `topics`.
    public func makeConsumer(group: String, topics: [String]) throws -> any RecordConsumer {
        var configuration = consumerConfiguration
        configuration.groupId = group
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.subscribe(topics: topics)
        return consumer
    }

    public func partitionCount(of topic: String) async throws -> Int {
        let admin = try KafkaAdmin(bootstrapServers: producerConfiguration.bootstrapServers)
        guard let metadata = try await admin.topics().first(where: { $0.name == topic }), metadata.error == nil else {
            throw StreamError(.admin, "topic \(topic) does not exist on \(producerConfiguration.bootstrapServers)")
        }
        return metadata.partitions.count
    }
}
