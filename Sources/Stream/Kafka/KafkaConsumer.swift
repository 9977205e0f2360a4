import CRdKafka
import Logging
import Synchronization

/// A Kafka consumer: group membership with rebalances, manual commits, pause/resume and seek.
///
/// Records come out in batches (``nextBatch(maxRecords:)``, ``RecordConsumer/batches(maxRecords:)``) or one by
/// one (``messages``). Rebalances arrive as events in the same queue as records and are handled in order, by
/// the task that reads: a revocation first returns the records already read, then calls the
/// ``KafkaRebalanceHandler``'s `revoking`, commits stored offsets, and only then gives the partitions up.
/// One task reads at a time.
public final class KafkaConsumer: RecordConsumer, Sendable {
    let handle: KafkaHandle
    private let queue: KafkaQueue
    private let rebalanceHandler: KafkaRebalanceHandler
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var closed = false
        var polling = false
        var assignment: Set<TopicPartition> = []
        /// A rebalance seen while a batch was being filled; handled at the start of the next read.
        var pendingRebalance: KafkaRebalanceEvent?
    }

    /// Creates a consumer; call ``subscribe(topics:)`` or ``assign(_:)`` next.
    ///
    /// - Throws: ``StreamError`` (`.configuration`) when librdkafka rejects a setting.
    public init(
        configuration: KafkaConsumerConfiguration, rebalanceHandler: KafkaRebalanceHandler = KafkaRebalanceHandler(),
        logger: Logger = Logger(label: "tickflow.kafka.consumer")
    ) throws {
        let conf = try KafkaClientConfiguration.make(
            configuration.properties, events: RD_KAFKA_EVENT_FETCH | RD_KAFKA_EVENT_REBALANCE | RD_KAFKA_EVENT_ERROR)
        handle = try KafkaHandle(kind: .consumer, configuration: conf, logger: logger)
        queue = try .consumer(of: handle)
        self.rebalanceHandler = rebalanceHandler
        self.logger = logger
    }

    /// Joins the group and subscribes to topics; partitions arrive through rebalances.
    ///
    /// - Throws: ``StreamError`` (`.consumer`) if the subscription is refused (no group id, for instance).
    public func subscribe(topics: [String]) throws {
        let list = KafkaPartitionList(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        let err = rd_kafka_subscribe(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamError.kafka(err, code: .consumer, "cannot subscribe to \(topics.joined(separator: ","))")
        }
    }

    /// Reads exactly these partitions from these offsets, outside any group rebalancing.
    ///
    /// Use ``KafkaConsumer/beginning`` or ``KafkaConsumer/end`` as offsets to start at either end of the log.
    public func assign(_ positions: [TopicPartitionOffset]) throws {
        let list = KafkaPartitionList(positions)
        let err = rd_kafka_assign(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .consumer, "cannot assign") }
        state.withLock { $0.assignment = Set(positions.map(\.topicPartition)) }
    }

    /// The offset meaning "the first record still in the log".
    public static let beginning = KafkaPartitionList.offsetBeginning
    /// The offset meaning "after the last record".
    public static let end = KafkaPartitionList.offsetEnd

    /// The partitions currently assigned to this consumer.
    public var assignment: [TopicPartition] {
        state.withLock { $0.assignment }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Waits for records and returns up to `maxRecords` of them, handling rebalances on the way.
    ///
    /// - Returns: a non-empty batch, or `nil` once the consumer is closed or the task cancelled.
    /// - Throws: ``StreamError`` on a fatal client error, or what the rebalance handler threw.
    public func nextBatch(maxRecords: Int) async throws -> [IncomingRecord]? {
        while !Task.isCancelled {
            guard let records = try await read(maxRecords: maxRecords, timeout: .milliseconds(100)) else { return nil }
            if !records.isEmpty { return records }
        }
        return nil
    }

    /// Returns up to `maxRecords` records, waiting at most about `timeout` for the first; rebalances are
    /// handled on the way.
    ///
    /// - Returns: the records (empty if none arrived in time), or `nil` once the consumer is closed.
    /// - Throws: ``StreamError`` on a fatal client error, or what the rebalance handler threw.
    public func read(maxRecords: Int, timeout: Duration) async throws -> [IncomingRecord]? {
        let open = state.withLock { state in
            state.polling = !state.closed
            return state.polling
        }
        guard open else { return nil }
        defer { state.withLock { $0.polling = false } }
        if let pending = state.withLock({ state in defer { state.pendingRebalance = nil }; return state.pendingRebalance }) {
            try await apply(pending)
        }
        let millis = timeout.kafkaMillis
        let poll = try await poll(maxRecords: maxRecords, timeoutMillis: millis)
        if let fatal = poll.fatal { throw fatal }
        if let rebalance = poll.rebalance {
            // Records read before a revocation go to the application first, so it can commit them.
            if poll.records.isEmpty { try await apply(rebalance) } else { state.withLock { $0.pendingRebalance = rebalance } }
        }
        return poll.records
    }

    /// Commits positions synchronously: every record before each offset has been durably processed.
    ///
    /// - Throws: ``StreamError`` (`.consumer`) with the broker's error if the commit failed for any partition.
    public func commit(_ offsets: [TopicPartitionOffset]) async throws {
        guard !offsets.isEmpty else { return }
        let handle = self.handle
        let description = offsets.map(\.description).joined(separator: ",")
        try await KafkaBlocking.run {
            let list = KafkaPartitionList(offsets)
            let err = rd_kafka_commit(handle.pointer, list.pointer, 0)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw StreamError.kafka(err, code: .consumer, "commit of \(description) failed")
            }
            if let error = list.firstError(code: .consumer, "commit failed") { throw error }
        }
    }

    /// Stages positions to be committed by ``commitStored()``, on revocation and on close.
    public func store(_ offsets: [TopicPartitionOffset]) throws {
        guard !offsets.isEmpty else { return }
        let list = KafkaPartitionList(offsets)
        let err = rd_kafka_offsets_store(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .consumer, "offset store failed") }
        if let error = list.firstError(code: .consumer, "offset store failed") { throw error }
    }

    /// Commits the positions staged with ``store(_:)``; nothing staged is not an error.
    public func commitStored() async throws {
        let handle = self.handle
        try await KafkaBlocking.run {
            let err = rd_kafka_commit(handle.pointer, nil, 0)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                throw StreamError.kafka(err, code: .consumer, "commit of stored offsets failed")
            }
        }
    }

    /// The group's committed positions of these partitions (offset -1001 where nothing is committed).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws -> [TopicPartitionOffset] {
        let handle = self.handle
        let millis = timeout.kafkaMillis
        return try await KafkaBlocking.run {
            let list = KafkaPartitionList(partitions)
            let err = rd_kafka_committed(handle.pointer, list.pointer, millis)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .consumer, "committed() failed") }
            return list.positions
        }
    }

    /// Stops fetching these partitions; records already read are still returned.
    public func pause(_ partitions: [TopicPartition]) throws {
        try setFetching(partitions, paused: true)
    }

    /// Resumes fetching paused partitions.
    public func resume(_ partitions: [TopicPartition]) throws {
        try setFetching(partitions, paused: false)
    }

    private func setFetching(_ partitions: [TopicPartition], paused: Bool) throws {
        let list = KafkaPartitionList(partitions)
        let action = paused ? "pause" : "resume"
        let err = paused
            ? rd_kafka_pause_partitions(handle.pointer, list.pointer) : rd_kafka_resume_partitions(handle.pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .consumer, "\(action) failed") }
        if let error = list.firstError(code: .consumer, "\(action) failed") { throw error }
    }

    /// Moves the read position of assigned partitions; the next records come from these offsets.
    public func seek(_ positions: [TopicPartitionOffset], timeout: Duration = .seconds(10)) async throws {
        let handle = self.handle
        let millis = timeout.kafkaMillis
        try await KafkaBlocking.run {
            let list = KafkaPartitionList(positions)
            if let error = rd_kafka_seek_partitions(handle.pointer, list.pointer, millis) {
                throw StreamError.consuming(error, code: .consumer, "seek failed")
            }
            if let error = list.firstError(code: .consumer, "seek failed") { throw error }
        }
    }

    /// The end offset (the offset the next record will get) of each partition, asked of its leader.
    ///
    /// - Throws: ``StreamError`` (`.consumer`) if a leader did not answer within `timeout`.
    public func endOffsets(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws -> [TopicPartitionOffset] {
        let handle = self.handle
        let millis = timeout.kafkaMillis
        return try await KafkaBlocking.run {
            try partitions.map { partition in
                var low: Int64 = 0, high: Int64 = 0
                let err = rd_kafka_query_watermark_offsets(handle.pointer, partition.topic, partition.partition, &low, &high, millis)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw StreamError.kafka(err, code: .consumer, "cannot read the end offset of \(partition)")
                }
                return TopicPartitionOffset(partition, offset: high)
            }
        }
    }

    /// The group membership to pass to ``KafkaTransactionalProducer/sendOffsetsToTransaction(_:groupMetadata:)``.
    public func groupMetadata() throws -> KafkaConsumerGroupMetadata {
        guard let pointer = rd_kafka_consumer_group_metadata(handle.pointer) else {
            throw StreamError(.consumer, "no group metadata: the consumer has no group.id")
        }
        return KafkaConsumerGroupMetadata(pointer: pointer)
    }

    /// Commits stored offsets, leaves the group (its partitions go to the other members) and stops.
    public func close() async {
        let wasClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !wasClosed else { return }
        // Let a read in progress notice the flag before the group is left under it.
        while state.withLock({ $0.polling }) { try? await Task.sleep(for: .milliseconds(2)) }
        do { try await commitStored() } catch { logger.warning("commit on close failed: \(error)") }
        let handle = self.handle
        _ = try? await KafkaBlocking.run { rd_kafka_consumer_close(handle.pointer) }
        state.withLock { $0.assignment = [] }
    }

    // MARK: - Reading

    private struct PollResult: Sendable {
        var records: [IncomingRecord] = []
        var rebalance: KafkaRebalanceEvent?
        var fatal: StreamError?
    }

    /// Reads up to `maxRecords` events, waiting up to `timeoutMillis` for the first; stops early at a rebalance.
    private func poll(maxRecords: Int, timeoutMillis: Int32) async throws -> PollResult {
        let queue = self.queue
        let logger = self.logger
        return try await KafkaBlocking.run {
            var result = PollResult()
            var topicNames = KafkaTopicNameCache()
            var timeout = timeoutMillis
            while result.records.count < maxRecords, let event = queue.poll(timeoutMillis: timeout) {
                timeout = 0
                defer { rd_kafka_event_destroy(event) }
                switch rd_kafka_event_type(event) {
                case RD_KAFKA_EVENT_FETCH:
                    guard let message = rd_kafka_event_message_next(event) else { continue }
                    if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        let code = KafkaErrorCode(message.pointee.err)
                        logger.warning("Kafka consume error: \(code)")
                        continue
                    }
                    result.records.append(IncomingRecord(message, topicNames: &topicNames))
                case RD_KAFKA_EVENT_REBALANCE:
                    result.rebalance = KafkaRebalanceEvent(event)
                    return result
                case RD_KAFKA_EVENT_ERROR:
                    let code = KafkaErrorCode(rd_kafka_event_error(event))
                    let text = String(cString: rd_kafka_event_error_string(event))
                    if rd_kafka_event_error_is_fatal(event) != 0 {
                        result.fatal = StreamError(
                            .consumer, "fatal consumer error: \(text)", underlying: code, kafkaErrorCode: code.rawValue,
                            isFatal: true)
                        return result
                    }
                    logger.warning("Kafka consumer: \(text)", metadata: ["code": "\(code.name)"])
                default:
                    continue
                }
            }
            return result
        }
    }

    private func apply(_ rebalance: KafkaRebalanceEvent) async throws {
        var starts = rebalance.partitions.map { TopicPartitionOffset($0, offset: KafkaPartitionList.offsetInvalid) }
        if case .assign = rebalance.kind, let startPositions = rebalanceHandler.startPositions {
            let chosen = Dictionary(
                try await startPositions(rebalance.partitions).map { ($0.topicPartition, $0.offset) },
                uniquingKeysWith: { _, last in last })
            starts = starts.map { TopicPartitionOffset($0.topicPartition, offset: chosen[$0.topicPartition] ?? $0.offset) }
        }
        let list = KafkaPartitionList(starts)
        switch rebalance.kind {
        case .assign:
            let err = rd_kafka_assign(handle.pointer, list.pointer)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw StreamError.kafka(err, code: .consumer, "assign failed") }
            state.withLock { $0.assignment.formUnion(rebalance.partitions) }
            logger.info("assigned \(rebalance.partitions.map(\.description).joined(separator: ","))")
            try await rebalanceHandler.assigned(rebalance.partitions)
        case .revoke:
            defer {
                rd_kafka_assign(handle.pointer, nil)
                state.withLock { $0.assignment.subtract(rebalance.partitions) }
                logger.info("revoked \(rebalance.partitions.map(\.description).joined(separator: ","))")
            }
            try await rebalanceHandler.revoking(rebalance.partitions)
            try await commitStored()
        case .error(let code):
            rd_kafka_assign(handle.pointer, nil)
            state.withLock { $0.assignment = [] }
            logger.error("rebalance failed: \(code)")
        }
    }
}
