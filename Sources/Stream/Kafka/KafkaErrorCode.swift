import CRdKafka

/// A Kafka error code (a broker's or librdkafka's own), with librdkafka's name and description.
public struct KafkaErrorCode: Error, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code: broker codes are ≥ 0, librdkafka's local codes are negative.
    public var rawValue: Int32

    /// Wraps a numeric code.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ err: rd_kafka_resp_err_t) { self.rawValue = err.rawValue }

    var cValue: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

    /// librdkafka's symbolic name, e.g. `NOT_LEADER_FOR_PARTITION`.
    public var name: String { String(cString: rd_kafka_err2name(cValue)) }

    public var description: String { "\(name) (\(rawValue)): \(String(cString: rd_kafka_err2str(cValue)))" }

    public static let notLeaderForPartition = KafkaErrorCode(rawValue: 6)
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(rawValue: 20)
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    public static let queueFull = KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    public static let messageTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    public static let timedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__TIMED_OUT)
    public static let unsupportedFeature = KafkaErrorCode(RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)
}

/// The Kafka protocol request types the mock cluster can be told to fail.
public enum KafkaApiKey: Int16, Sendable, CaseIterable {
    case produce = 0, fetch = 1, listOffsets = 2, metadata = 3
    case offsetCommit = 8, offsetFetch = 9, findCoordinator = 10
    case joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14
    case initProducerId = 22, addPartitionsToTxn = 24, addOffsetsToTxn = 25, endTxn = 26, txnOffsetCommit = 28
}

extension StreamError {
    /// Wraps an `rd_kafka_error_t`, taking ownership of it (it is destroyed here).
    static func consuming(_ error: OpaquePointer, code: Code, _ context: String) -> StreamError {
        defer { rd_kafka_error_destroy(error) }
        let kafkaCode = KafkaErrorCode(rd_kafka_error_code(error))
        return StreamError(
            code, "\(context): \(String(cString: rd_kafka_error_string(error)))", underlying: kafkaCode,
            kafkaErrorCode: kafkaCode.rawValue, isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            transactionRequiresAbort: rd_kafka_error_txn_requires_abort(error) != 0)
    }

    /// Wraps a plain response code.
    static func kafka(_ err: rd_kafka_resp_err_t, code: Code, _ context: String) -> StreamError {
        let kafkaCode = KafkaErrorCode(err)
        return StreamError(code, "\(context): \(kafkaCode)", underlying: kafkaCode, kafkaErrorCode: kafkaCode.rawValue)
    }
}
