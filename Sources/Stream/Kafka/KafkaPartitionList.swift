import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t` built from, or read into, Swift positions.
final class KafkaPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    private let owned: Bool

    /// Special offsets understood by librdkafka.
    static let offsetBeginning: Int64 = Int64(RD_KAFKA_OFFSET_BEGINNING)
    static let offsetEnd: Int64 = Int64(RD_KAFKA_OFFSET_END)
    static let offsetStored: Int64 = Int64(RD_KAFKA_OFFSET_STORED)
    static let offsetInvalid: Int64 = Int64(RD_KAFKA_OFFSET_INVALID)

    init(_ positions: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(positions.count))
        owned = true
        for position in positions {
            let element = rd_kafka_topic_partition_list_add(pointer, position.topic, position.partition)
            element?.pointee.offset = position.offset
        }
    }

    convenience init(_ partitions: [TopicPartition]) {
        self.init(partitions.map { TopicPartitionOffset($0, offset: Self.offsetInvalid) })
    }

    /// Wraps a list owned by librdkafka (an event's): it is read, never freed here.
    init(borrowing pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
        owned = false
    }

    /// Takes ownership of a list librdkafka handed over (assignment, committed offsets).
    init(adopting pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
        owned = true
    }

    deinit {
        if owned { rd_kafka_topic_partition_list_destroy(pointer) }
    }

    /// Every element as a position, with the per-partition error librdkafka set, if any.
    var elements: [(position: TopicPartitionOffset, error: KafkaErrorCode?)] {
        (0..<Int(pointer.pointee.cnt)).map { index in
            let element = pointer.pointee.elems[index]
            let position = TopicPartitionOffset(
                topic: String(cString: element.topic), partition: element.partition, offset: element.offset)
            return (position, element.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaErrorCode(element.err))
        }
    }

    var positions: [TopicPartitionOffset] { elements.map(\.position) }

    var partitions: [TopicPartition] { positions.map(\.topicPartition) }

    /// The first per-partition error, as a ``StreamError``.
    func firstError(code: StreamError.Code, _ context: String) -> StreamError? {
        guard let failed = elements.first(where: { $0.error != nil }), let error = failed.error else { return nil }
        return StreamError(
            code, "\(context): \(failed.position.topicPartition): \(error)", underlying: error,
            kafkaErrorCode: error.rawValue)
    }
}
