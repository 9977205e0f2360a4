import Foundation
import Logging
import Stream

/// A three-broker mock Kafka cluster for one test, with helpers to make topics and clients on it.
public final class KafkaTestCluster: Sendable {
    /// The cluster itself, for fault injection.
    public let mock: KafkaMockCluster

    /// Starts a cluster with three brokers.
    public init(brokers: Int = 3) throws {
        mock = try KafkaMockCluster(brokers: brokers)
    }

    /// The bootstrap servers of the mock brokers.
    public var bootstrapServers: String { mock.bootstrapServers }

    /// Creates a topic with a unique name (tests share nothing) and returns the name.
    public func topic(_ prefix: String = "test", partitions: Int = 3, replicationFactor: Int = 3) throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try mock.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
        return name
    }

    /// A producer with test-friendly batching (short linger) unless configured otherwise.
    public func producer(
        logger: Logger = Logger(label: "tickflow.kafka.producer"), _ configure: (inout KafkaProducerConfiguration) -> Void = { _ in }
    ) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: bootstrapServers)
        configuration.lingerMillis = 1
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// A consumer in `group` (a unique group when `nil`) with a short session timeout.
    public func consumer(
        group: String? = nil, rebalanceHandler: KafkaRebalanceHandler = KafkaRebalanceHandler(),
        logger: Logger = Logger(label: "tickflow.kafka.consumer"), _ configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrapServers, groupId: group ?? "group-\(UUID().uuidString.prefix(8))")
        configuration.sessionTimeoutMillis = 6_000
        configuration.heartbeatIntervalMillis = 500
        configure(&configuration)
        return try KafkaConsumer(configuration: configuration, rebalanceHandler: rebalanceHandler, logger: logger)
    }
}

extension KafkaConsumer {
    /// Reads until `count` records have arrived or `timeout` passes; returns what arrived.
    public func collect(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [IncomingRecord] {
        let deadline = ContinuousClock.now + timeout
        var records: [IncomingRecord] = []
        while records.count < count, ContinuousClock.now < deadline {
            guard let batch = try await read(maxRecords: count - records.count, timeout: .milliseconds(100)) else { break }
            records += batch
        }
        return records
    }
}
