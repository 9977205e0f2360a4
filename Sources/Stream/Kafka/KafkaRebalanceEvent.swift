import CRdKafka

/// A rebalance read off the consumer queue, copied out of librdkafka's event.
struct KafkaRebalanceEvent: Sendable {
    enum Kind: Sendable {
        case assign, revoke
        case error(KafkaErrorCode)
    }

    var kind: Kind
    var partitions: [TopicPartition]

    init(_ event: OpaquePointer) {
        let err = rd_kafka_event_error(event)
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS: kind = .assign
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS: kind = .revoke
        default: kind = .error(KafkaErrorCode(err))
        }
        if let list = rd_kafka_event_topic_partition_list(event) {
            partitions = KafkaPartitionList(borrowing: list).partitions
        } else {
            partitions = []
        }
    }
}
