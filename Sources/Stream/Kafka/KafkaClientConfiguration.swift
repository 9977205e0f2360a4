import CRdKafka

/// Builds librdkafka configuration objects from property maps; the only place `rd_kafka_conf_t` is made.
enum KafkaClientConfiguration {
    /// Creates an `rd_kafka_conf_t` holding every property, with the events TickFlow drains from its queues.
    ///
    /// - Throws: ``StreamError`` (`.configuration`) naming the rejected property and librdkafka's reason.
    static func make(_ properties: [String: String], events: Int32) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw StreamError(.internal, "rd_kafka_conf_new returned nil")
        }
        var properties = properties
        properties["log.queue"] = "true"
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errstr = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, name, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw StreamError(
                    .configuration, "Kafka property \(name)=\(value) rejected: \(String(kafkaErrorBuffer: errstr))")
            }
        }
        // Delivery reports, rebalances, errors and log lines arrive as events on queues that Swift drains: no C
        // callbacks, and no lines written to stderr behind the process's logger (``KafkaLogDrain``).
        rd_kafka_conf_set_events(conf, events)
        return conf
    }
}

/// Compression codecs for produced batches.
public enum KafkaCompression: String, Sendable, Codable, CaseIterable {
    case none, gzip, snappy, lz4, zstd
}

/// The acknowledgement a producer waits for before a send counts as delivered.
public enum KafkaAcks: String, Sendable, Codable {
    /// Every in-sync replica has the record (`acks=all`), required for idempotence.
    case all = "-1"
    /// The partition leader has the record.
    case leader = "1"
}

/// Where a consumer without a committed position starts.
public enum KafkaOffsetReset: String, Sendable, Codable {
    case earliest, latest
    /// Fail instead of guessing.
    case error
}

/// Which records a consumer sees on a topic written by transactional producers.
public enum KafkaIsolationLevel: String, Sendable, Codable {
    /// Only records of committed transactions (and non-transactional ones).
    case readCommitted = "read_committed"
    /// Everything, including records of aborted or open transactions.
    case readUncommitted = "read_uncommitted"
}

extension String {
    /// Reads the NUL-terminated message librdkafka wrote into an error buffer.
    init(kafkaErrorBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
