import CRdKafka
import Logging

/// Cluster administration: metadata and topic creation through the Kafka Admin API.
public final class KafkaAdmin: Sendable {
    private let handle: KafkaHandle

    /// Connects an admin client.
    ///
    /// - Parameter logger: where the client's own log lines go.
    /// - Throws: ``StreamError`` (`.configuration`) when librdkafka rejects the settings.
    public init(
        bootstrapServers: String, additionalProperties: [String: String] = [:], logger: Logger = Logger(label: "tickflow.kafka.admin")
    ) throws {
        var properties = ["bootstrap.servers": bootstrapServers, "client.id": "tickflow-admin"]
        properties.merge(additionalProperties) { _, new in new }
        handle = try KafkaHandle(kind: .producer, configuration: try KafkaClientConfiguration.make(properties, events: 0), logger: logger)
    }

    /// Every topic the cluster knows, with partitions and replicas.
    ///
    /// - Throws: ``StreamError`` (`.admin`) if no broker answered within `timeout`.
    public func topics(timeout: Duration = .seconds(10)) async throws -> [KafkaTopicMetadata] {
        let handle = self.handle
        let millis = timeout.kafkaMillis
        return try await KafkaBlocking.run { try handle.metadata(timeoutMillis: millis) }
    }

    /// A topic to create.
    public struct NewTopic: Sendable {
        public var name: String
        public var partitions: Int
        public var replicationFactor: Int
        /// Topic configs, e.g. `retention.ms`, `cleanup.policy`.
        public var configs: [String: String]

        public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String] = [:]) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }
    }

    /// Creates topics; a topic that already exists is not an error.
    ///
    /// - Returns: the names of the topics actually created.
    /// - Throws: ``StreamError`` (`.admin`) for the first topic the cluster refused, or if the cluster does not
    ///   support CreateTopics (librdkafka's mock cluster does not).
    public func createTopics(_ topics: [NewTopic], timeout: Duration = .seconds(30)) async throws -> [String] {
        guard !topics.isEmpty else { return [] }
        let handle = self.handle
        let millis = timeout.kafkaMillis
        return try await KafkaBlocking.run {
            var errstr = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
            for topic in topics {
                guard let newTopic = rd_kafka_NewTopic_new(
                    topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errstr, errstr.count)
                else {
                    throw StreamError(.admin, "invalid topic \(topic.name): \(String(kafkaErrorBuffer: errstr))")
                }
                newTopics.append(newTopic)
                for (name, value) in topic.configs.sorted(by: { $0.key < $1.key }) {
                    let err = rd_kafka_NewTopic_set_config(newTopic, name, value)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        throw StreamError.kafka(err, code: .admin, "invalid config \(name)=\(value) for \(topic.name)")
                    }
                }
            }
            let queue = KafkaQueue.temporary(of: handle)
            let options = rd_kafka_AdminOptions_new(handle.pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            _ = rd_kafka_AdminOptions_set_request_timeout(options, millis, &errstr, errstr.count)
            rd_kafka_CreateTopics(handle.pointer, &newTopics, newTopics.count, options, queue.pointer)
            guard let event = queue.poll(timeoutMillis: millis + 1000) else {
                throw StreamError(.timeout, "CreateTopics got no answer within \(timeout)")
            }
            defer { rd_kafka_event_destroy(event) }
            let err = rd_kafka_event_error(event)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw StreamError.kafka(err, code: .admin, "CreateTopics failed: \(String(cString: rd_kafka_event_error_string(event)))")
            }
            var count = 0
            guard let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count) else {
                return []
            }
            var created: [String] = []
            for index in 0..<count {
                let result = results[index]
                let name = String(cString: rd_kafka_topic_result_name(result))
                let code = rd_kafka_topic_result_error(result)
                switch code {
                case RD_KAFKA_RESP_ERR_NO_ERROR: created.append(name)
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: continue
                default:
                    let message = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? ""
                    throw StreamError.kafka(code, code: .admin, "cannot create topic \(name) \(message)")
                }
            }
            return created
        }
    }
}
