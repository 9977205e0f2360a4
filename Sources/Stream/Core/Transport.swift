/// Sends records to topics: the producing half of a ``Transport``.
///
/// Implementations apply backpressure: `send` waits while the transport is full and never drops.
public protocol RecordProducer: Sendable {
    /// Sends a batch of records and returns once every one of them is durably accepted.
    ///
    /// - Parameter records: the records, each naming its topic.
    /// - Throws: ``StreamError`` when a record could not be delivered; records before it may have been.
    func send(_ records: [OutgoingRecord]) async throws

    /// Waits until everything sent so far is delivered, or throws on timeout.
    func flush(timeout: Duration) async throws
}

/// Reads records from topics as a member of a group: the consuming half of a ``Transport``.
public protocol RecordConsumer: Sendable {
    /// Waits for the next batch of records (at most `maxRecords`) and returns it.
    ///
    /// - Returns: a non-empty batch, or `nil` once the consumer is closed.
    /// - Throws: ``StreamError`` on a fatal transport error.
    func nextBatch(maxRecords: Int) async throws -> [IncomingRecord]?

    /// Commits positions: every record before each offset has been durably processed.
    func commit(_ offsets: [TopicPartitionOffset]) async throws

    /// Leaves the group and stops; a pending `nextBatch` returns `nil`.
    func close() async
}

extension RecordConsumer {
    /// The consumer's records as an `AsyncSequence` of batches.
    public func batches(maxRecords: Int = 1024) -> RecordBatches<Self> {
        RecordBatches(consumer: self, maxRecords: maxRecords)
    }
}

/// An `AsyncSequence` of record batches read from a ``RecordConsumer``.
public struct RecordBatches<Consumer: RecordConsumer>: AsyncSequence, Sendable {
    public typealias Element = [IncomingRecord]
    let consumer: Consumer
    let maxRecords: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: Consumer
        let maxRecords: Int
        public mutating func next() async throws -> [IncomingRecord]? {
            try await consumer.nextBatch(maxRecords: maxRecords)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(consumer: consumer, maxRecords: maxRecords)
    }
}

/// A way for stages to exchange records: in-process queues or Kafka, behind one interface.
public protocol Transport: Sendable {
    /// Creates a producer.
    func makeProducer() throws -> any RecordProducer

    /// Creates a consumer that joins `group` and shares the partitions of `topics` with the group's other members.
    func makeConsumer(group: String, topics: [String]) throws -> any RecordConsumer

    /// The number of partitions of a topic.
    func partitionCount(of topic: String) async throws -> Int
}
