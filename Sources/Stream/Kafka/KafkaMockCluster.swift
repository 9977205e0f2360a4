import CRdKafka
import Logging

/// librdkafka's in-process mock Kafka cluster: real brokers on loopback TCP speaking the Kafka protocol.
///
/// Used by the test harness, by the benchmarks (where kcat talks to it too) and by `tickflow kafka mock` for
/// local runs without a Kafka installation. It supports produce, fetch, consumer groups, idempotence and
/// transactions, but not the admin requests CreateTopics and DescribeConfigs: topics are created here with
/// ``createTopic(_:partitions:replicationFactor:)``.
public final class KafkaMockCluster: @unchecked Sendable {
    private let handle: KafkaHandle
    private let cluster: OpaquePointer

    /// The `host:port,…` list of the mock brokers, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// The number of brokers; their ids are `1...brokerCount`.
    public let brokerCount: Int

    /// Starts a cluster.
    ///
    /// - Parameters:
    ///   - brokers: how many brokers to run (3 lets replication and leader moves be exercised).
    ///   - logger: where the brokers' log lines go.
    /// - Throws: ``StreamError`` if librdkafka cannot start the brokers.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "tickflow.kafka.mock")) throws {
        // The mock cluster lives inside a client instance; this one never sends anything itself. Its brokers' sockets
        // take that instance's settings: with Nagle's algorithm on, a response written while an earlier one is
        // unacknowledged waits for the client's delayed ACK, 40 ms on Linux.
        let conf = try KafkaClientConfiguration.make(["log_level": "3", "socket.nagle.disable": "true"], events: 0)
        handle = try KafkaHandle(kind: .producer, configuration: conf, logger: logger)
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(brokers)) else {
            throw StreamError(.internal, "rd_kafka_mock_cluster_new failed for \(brokers) brokers")
        }
        self.cluster = cluster
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// Creates a topic.
    ///
    /// - Throws: ``StreamError`` (`.admin`) if the cluster refuses (for example, replication above broker count).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 3) throws {
        let err = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamError.kafka(err, code: .admin, "mock cluster cannot create topic \(name)")
        }
    }

    /// Takes a broker down: its connections close and it refuses new ones until ``setBrokerUp(_:)``.
    public func setBrokerDown(_ brokerId: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, brokerId), "set broker \(brokerId) down")
    }

    /// Brings a broker back.
    public func setBrokerUp(_ brokerId: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, brokerId), "set broker \(brokerId) up")
    }

    /// Moves a partition's leadership to another broker (clients see NOT_LEADER and follow).
    public func setPartitionLeader(topic: String, partition: Int32, brokerId: Int32) throws {
        try check(
            rd_kafka_mock_partition_set_leader(cluster, topic, partition, brokerId),
            "move the leader of \(topic)[\(partition)] to broker \(brokerId)")
    }

    /// Makes the next requests of a kind fail with these errors, in order, on whichever broker receives them.
    public func pushRequestErrors(_ apiKey: KafkaApiKey, _ errors: [KafkaErrorCode]) {
        var codes = errors.map(\.cValue)
        rd_kafka_mock_push_request_errors_array(cluster, apiKey.rawValue, codes.count, &codes)
    }

    /// Adds a round-trip delay to a broker's responses.
    public func setBrokerRoundTrip(_ brokerId: Int32, millis: Int) throws {
        try check(rd_kafka_mock_broker_set_rtt(cluster, brokerId, Int32(millis)), "set broker \(brokerId) rtt")
    }

    /// Makes a broker the coordinator of a group or transactional id.
    public func setCoordinator(group: String, brokerId: Int32) throws {
        try check(rd_kafka_mock_coordinator_set(cluster, "group", group, brokerId), "set coordinator of \(group)")
    }

    private func check(_ err: rd_kafka_resp_err_t, _ action: String) throws {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .admin, "mock cluster cannot \(action)") }
    }
}
