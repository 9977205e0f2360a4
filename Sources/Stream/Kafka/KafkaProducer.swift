import CRdKafka
import Logging
import Synchronization

/// An idempotent Kafka producer whose `send` completes on the brokers' acknowledgement.
///
/// Records are enqueued into librdkafka (copied), which batches, compresses and retries them; delivery
/// reports come back as events drained by a poll thread. When librdkafka's queue is full, `send` waits for
/// room instead of dropping. Call ``close(timeout:)`` to flush before letting go of the producer.
public final class KafkaProducer: RecordProducer, Sendable {
    let handle: KafkaHandle
    private let poller: KafkaEventPoller
    private let tracker = KafkaDeliveryTracker()
    private let closed = Atomic<Bool>(false)
    private let queueFullWaits = Atomic<Int>(0)
    private let logger: Logger

    /// Connects a producer.
    ///
    /// - Parameters:
    ///   - configuration: brokers and producer settings.
    ///   - logger: where client errors (broker down, retries) are logged.
    /// - Throws: ``StreamError`` (`.configuration`) when librdkafka rejects a setting.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "tickflow.kafka.producer")) throws {
        let conf = try KafkaClientConfiguration.make(
            configuration.properties, events: RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR)
        let handle = try KafkaHandle(kind: .producer, configuration: conf)
        self.handle = handle
        self.logger = logger
        let tracker = self.tracker
        poller = KafkaEventPoller(name: "tickflow.kafka.producer", queue: .main(of: handle)) { event in
            KafkaProducer.handle(event: event, tracker: tracker, logger: logger)
        }
    }

    deinit {
        poller.stop()
    }

    /// Sends records and returns once all of them are acknowledged.
    ///
    /// - Throws: ``StreamError`` (`.delivery`) for the first record that failed; the others were still attempted.
    public func send(_ records: [OutgoingRecord]) async throws {
        _ = try await deliver(records)
    }

    /// Sends records and returns the offset each was written at, in the order of `records`.
    ///
    /// - Throws: ``StreamError`` (`.delivery`) for the first record that failed, `.closed` after ``close(timeout:)``.
    public func deliver(_ records: [OutgoingRecord]) async throws -> [TopicPartitionOffset] {
        guard !records.isEmpty else { return [] }
        guard !closed.load(ordering: .relaxed) else { throw StreamError(.closed, "the producer is closed") }
        let batch = tracker.register(topics: records.map(\.topic))
        for (index, record) in records.enumerated() {
            do {
                try await enqueue(record, opaque: KafkaDeliveryTracker.opaque(batch: batch, index: index))
            } catch let error as StreamError {
                tracker.abandon(batch: batch, count: records.count - index, error: error)
                break
            }
        }
        return try await tracker.wait(batch: batch)
    }

    /// Waits until every record sent so far is delivered (or failed).
    ///
    /// - Throws: ``StreamError`` (`.timeout`) if records are still outstanding after `timeout`.
    public func flush(timeout: Duration) async throws {
        let handle = self.handle
        let millis = timeout.kafkaMillis
        let err = try await KafkaBlocking.run { rd_kafka_flush(handle.pointer, millis) }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw StreamError.kafka(err, code: .timeout, "flush did not complete within \(timeout)")
        }
    }

    /// Flushes, then stops the poll thread. Further sends throw `.closed`.
    public func close(timeout: Duration = .seconds(30)) async throws {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        defer { Task { [poller] in await poller.stopAndWait() } }
        try await flush(timeout: timeout)
    }

    /// How many times a send had to wait because librdkafka's queue was full (backpressure).
    public var backpressureWaits: Int { queueFullWaits.load(ordering: .relaxed) }

    private func enqueue(_ record: OutgoingRecord, opaque: UInt) async throws {
        guard let topic = handle.topic(named: record.topic) else {
            throw StreamError(.delivery, "cannot create a handle for topic \(record.topic)")
        }
        while true {
            guard let error = produce(record, topic: topic, opaque: opaque) else { return }
            let code = rd_kafka_error_code(error)
            guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                throw StreamError.consuming(error, code: .delivery, "cannot enqueue a record for \(record.topic)")
            }
            rd_kafka_error_destroy(error)
            // Backpressure: the poll thread frees room as delivery reports arrive.
            queueFullWaits.add(1, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// One `rd_kafka_produceva` call; returns librdkafka's error, if any (owned by the caller).
    private func produce(_ record: OutgoingRecord, topic: OpaquePointer, opaque: UInt) -> OpaquePointer? {
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                header.value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(headers, header.name, -1, bytes.baseAddress, bytes.count)
                }
            }
        }
        let error = record.value.withUnsafeBytes { value in
            withKey(record.key) { keyPointer, keyCount in
                var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 8)
                fields[0].vtype = RD_KAFKA_VTYPE_RKT
                fields[0].u.rkt = topic
                fields[1].vtype = RD_KAFKA_VTYPE_PARTITION
                fields[1].u.i32 = record.partition ?? RD_KAFKA_PARTITION_UA
                fields[2].vtype = RD_KAFKA_VTYPE_VALUE
                fields[2].u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                fields[2].u.mem.size = value.count
                fields[3].vtype = RD_KAFKA_VTYPE_KEY
                fields[3].u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                fields[3].u.mem.size = keyCount
                fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                fields[4].u.ptr = UnsafeMutableRawPointer(bitPattern: opaque)
                fields[5].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                fields[5].u.i = RD_KAFKA_MSG_F_COPY
                var count = 6
                if let timestamp = record.timestampMillis {
                    fields[count].vtype = RD_KAFKA_VTYPE_TIMESTAMP
                    fields[count].u.i64 = timestamp
                    count += 1
                }
                if let headers {
                    fields[count].vtype = RD_KAFKA_VTYPE_HEADERS
                    fields[count].u.headers = headers
                    count += 1
                }
                return rd_kafka_produceva(handle.pointer, &fields, count)
            }
        }
        // On success librdkafka owns the headers; on failure they are still ours.
        if error != nil, let headers { rd_kafka_headers_destroy(headers) }
        return error
    }

    private func withKey<R>(_ key: [UInt8]?, _ body: (UnsafeRawPointer?, Int) -> R) -> R {
        guard let key else { return body(nil, 0) }
        return key.withUnsafeBytes { body($0.baseAddress, $0.count) }
    }

    private static func handle(event: OpaquePointer, tracker: KafkaDeliveryTracker, logger: Logger) {
        switch rd_kafka_event_type(event) {
        case RD_KAFKA_EVENT_DR:
            var reports: [KafkaDeliveryTracker.Report] = []
            reports.reserveCapacity(Int(rd_kafka_event_message_count(event)))
            while let message = rd_kafka_event_message_next(event) {
                let m = message.pointee
                reports.append(KafkaDeliveryTracker.Report(
                    opaque: UInt(bitPattern: m._private), partition: m.partition, offset: m.offset,
                    error: m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaErrorCode(m.err)))
            }
            tracker.deliver(reports)
        case RD_KAFKA_EVENT_ERROR:
            let code = KafkaErrorCode(rd_kafka_event_error(event))
            let text = String(cString: rd_kafka_event_error_string(event))
            let fatal = rd_kafka_event_error_is_fatal(event) != 0
            logger.log(level: fatal ? .error : .warning, "Kafka producer: \(text)", metadata: ["code": "\(code.name)"])
        default:
            break
        }
    }
}
