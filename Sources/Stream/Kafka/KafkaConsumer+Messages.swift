extension KafkaConsumer {
    /// The consumer's records one at a time, as an `AsyncSequence`; reads in batches underneath.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(consumer: self) }
}

/// An `AsyncSequence` of single records over a ``KafkaConsumer``.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = IncomingRecord
    let consumer: KafkaConsumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        var buffer: [IncomingRecord] = []
        var index = 0

        public mutating func next() async throws -> IncomingRecord? {
            if index == buffer.count {
                guard let batch = try await consumer.nextBatch(maxRecords: 1024) else { return nil }
                buffer = batch
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}
