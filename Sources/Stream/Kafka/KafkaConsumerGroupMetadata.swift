import CRdKafka

/// A consumer's group membership (group, generation, member id), handed to a transactional producer so that
/// offsets committed inside a transaction are fenced against zombie members.
public final class KafkaConsumerGroupMetadata: @unchecked Sendable {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_consumer_group_metadata_destroy(pointer)
    }
}
