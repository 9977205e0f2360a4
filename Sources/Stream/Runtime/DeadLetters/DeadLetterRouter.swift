import Metrics
import Model

/// Sends records that cannot be processed to `dlq.<stage>` instead of dropping them or stopping the pipeline,
/// and counts them per stage and reason.
///
/// The value written is Model's `DeadLetter` (`tickflow.v1.DeadLetter`) with the original key and bytes, so the
/// record can be inspected and replayed. Each dead letter increments the counter
/// `tickflow_dead_letters_total{stage, reason}`.
public struct DeadLetterRouter: Sendable {
    /// The counter's label.
    public static let counterLabel = "tickflow_dead_letters_total"

    /// The producer dead letters are sent with.
    public let producer: any RecordProducer
    private let metrics: any MetricsFactory
    private let now: @Sendable () -> Int64

    /// Creates a router.
    ///
    /// - Parameters:
    ///   - producer: sends to the `dlq.*` topics.
    ///   - metrics: where counters are created; by default the bootstrapped `MetricsSystem`.
    ///   - now: the clock stamping `failedAtNanos`, ns since the epoch; by default the wall clock.
    public init(
        producer: any RecordProducer, metrics: any MetricsFactory = MetricsSystem.factory,
        now: @escaping @Sendable () -> Int64 = WallClock.nowNanos
    ) {
        self.producer = producer
        self.metrics = metrics
        self.now = now
    }

    /// The dead-letter topic of a stage.
    ///
    /// - Parameter stage: the stage name, e.g. `stream.validate`.
    /// - Returns: `dlq.<stage>`.
    public static func topic(forStage stage: String) -> String {
        "dlq.\(stage)"
    }

    /// Routes records a source could not decode.
    ///
    /// - Parameters:
    ///   - failures: the failures.
    ///   - stage: the stage that read them.
    /// - Throws: ``StreamError`` if a dead letter cannot be serialized or sent.
    public func route(_ failures: [SourceFailure], stage: String) async throws {
        guard !failures.isEmpty else { return }
        let failedAt = now()
        let letters = failures.map { failure in
            DeadLetter(
                stage: stage, reasonCode: failure.reasonCode, reason: failure.reason,
                sourceTopic: failure.record.topic, sourcePartition: failure.record.partition,
                sourceOffset: failure.record.offset, key: failure.record.key, payload: failure.record.value,
                failedAtNanos: failedAt)
        }
        try await send(letters)
    }

    /// Routes records an operator refused.
    ///
    /// - Parameters:
    ///   - rejections: the rejections.
    ///   - stage: the stage whose operator refused them.
    ///   - originals: the records as read, to find the original bytes of a rejection without a payload.
    /// - Throws: ``StreamError`` if a dead letter cannot be serialized or sent.
    ///
    /// A rejection with a ``Rejection/deadLetterTopic`` goes to that topic instead of `dlq.<stage>`.
    public func route(_ rejections: [Rejection], stage: String, originals: [IncomingRecord] = []) async throws {
        guard !rejections.isEmpty else { return }
        let failedAt = now()
        // Indexed once per call: a feed that turns bad can have every record of a large batch rejected.
        var originalValues: [TopicPartitionOffset: [UInt8]] = [:]
        if !originals.isEmpty, rejections.contains(where: { $0.payload == nil && $0.position != nil }) {
            originalValues.reserveCapacity(originals.count)
            for original in originals.reversed() {  // the first read of a position wins, as before
                originalValues[TopicPartitionOffset(original.topicPartition, offset: original.offset)] = original.value
            }
        }
        let letters = rejections.map { rejection in
            let position = rejection.position
            let original = position.flatMap { originalValues[TopicPartitionOffset($0.topicPartition, offset: $0.offset)] }
            return DeadLetter(
                stage: stage, reasonCode: rejection.reasonCode, reason: rejection.reason,
                sourceTopic: position?.topicPartition.topic ?? stage, sourcePartition: position?.topicPartition.partition ?? -1,
                sourceOffset: position?.offset ?? -1, key: rejection.key,
                payload: rejection.payload ?? original ?? [], failedAtNanos: failedAt)
        }
        try await send(letters, topics: rejections.map { $0.deadLetterTopic ?? Self.topic(forStage: stage) })
    }

    /// Sends dead letters and counts them.
    ///
    /// - Parameter letters: the dead letters; each goes to the topic of its stage, keyed like its source record.
    /// - Throws: ``StreamError`` `.internal` if one cannot be serialized, the producer's errors if sending fails.
    public func send(_ letters: [DeadLetter]) async throws {
        try await send(letters, topics: letters.map { Self.topic(forStage: $0.stage) })
    }

    private func send(_ letters: [DeadLetter], topics: [String]) async throws {
        var records: [OutgoingRecord] = []
        records.reserveCapacity(letters.count)
        for (letter, topic) in zip(letters, topics) {
            do {
                records.append(
                    OutgoingRecord(
                        topic: topic, key: letter.key, value: try letter.serializedBytes(),
                        timestampMillis: letter.failedAtNanos / 1_000_000))
            } catch {
                throw StreamError(.internal, "cannot serialize the dead letter of \(letter.sourceTopic)@\(letter.sourceOffset)", underlying: error)
            }
        }
        try await producer.send(records)
        for letter in letters {
            Counter(label: Self.counterLabel, dimensions: [("stage", letter.stage), ("reason", letter.reasonCode)], factory: metrics)
                .increment()
        }
    }

    /// Waits until every dead letter sent is delivered: a checkpoint does this before committing positions.
    ///
    /// - Parameter timeout: the bound.
    /// - Throws: the producer's ``StreamError``.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        try await producer.flush(timeout: timeout)
    }
}
