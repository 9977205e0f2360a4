import CRdKafka

/// Owns a reference to one of a handle's queues (`rd_kafka_queue_t`), released before the handle.
final class KafkaQueue: @unchecked Sendable {
    let pointer: OpaquePointer
    let handle: KafkaHandle

    /// The main queue: delivery reports and errors of a producer.
    static func main(of handle: KafkaHandle) -> KafkaQueue {
        KafkaQueue(pointer: rd_kafka_queue_get_main(handle.pointer), handle: handle)
    }

    /// The consumer queue, into which the main queue is redirected: messages, rebalances, errors.
    ///
    /// - Throws: ``StreamError`` (`.configuration`) if the consumer has no group (librdkafka then has no such queue).
    static func consumer(of handle: KafkaHandle) throws -> KafkaQueue {
        rd_kafka_poll_set_consumer(handle.pointer)
        guard let queue = rd_kafka_queue_get_consumer(handle.pointer) else {
            throw StreamError(.configuration, "the consumer has no consumer queue: group.id is missing")
        }
        return KafkaQueue(pointer: queue, handle: handle)
    }

    /// A private queue for the result of one admin request.
    static func temporary(of handle: KafkaHandle) -> KafkaQueue {
        KafkaQueue(pointer: rd_kafka_queue_new(handle.pointer), handle: handle)
    }

    private init(pointer: OpaquePointer, handle: KafkaHandle) {
        self.pointer = pointer
        self.handle = handle
    }

    deinit {
        rd_kafka_queue_destroy(pointer)
    }

    /// Waits up to `timeoutMillis` for the next event; the caller destroys it.
    func poll(timeoutMillis: Int32) -> OpaquePointer? {
        rd_kafka_queue_poll(pointer, timeoutMillis)
    }
}
