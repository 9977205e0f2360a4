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
    private let maxQueuedMessages: Int

    /// Connects a producer.
    ///
    /// - Parameters:
    ///   - configuration: brokers and producer settings.
    ///   - logger: where client errors (broker down, retries) and librdkafka's log lines go.
    /// - Throws: ``StreamError`` (`.configuration`) when librdkafka rejects a setting.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "tickflow.kafka.producer")) throws {
        let conf = try KafkaClientConfiguration.make(
            configuration.properties, events: RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR)
        let handle = try KafkaHandle(kind: .producer, configuration: conf, logger: logger)
        self.handle = handle
        self.logger = logger
        maxQueuedMessages = configuration.maxQueuedMessages
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
        try await delivered(try await enqueue(records))
    }

    /// Records handed to librdkafka by ``enqueue(_:)``, whose acknowledgements ``delivered(_:)`` awaits.
    public struct PendingDelivery: Sendable {
        fileprivate let batch: UInt32
    }

    /// Hands records to librdkafka in order, waiting only while its queue is full, and returns before they are
    /// acknowledged: successive calls keep their records' order per partition while their deliveries overlap.
    /// Await every returned ``PendingDelivery`` once with ``delivered(_:)``: until then the tracker keeps its reports.
    ///
    /// - Throws: ``StreamError`` (`.closed`) after ``close(timeout:)``; `CancellationError` while waiting for room.
    public func enqueue(_ records: [OutgoingRecord]) async throws -> PendingDelivery {
        guard !closed.load(ordering: .relaxed) else { throw StreamError(.closed, "the producer is closed") }
        let batch = tracker.register(topics: records.map(\.topic))
        var index = 0
        do {
            while index < records.count {
                let record = records[index]
                guard let topic = handle.topic(named: record.topic) else {
                    throw StreamError(.delivery, "cannot create a handle for topic \(record.topic)")
                }
                // Runs of plain records to one topic go through one librdkafka call per run.
                var end = index
                while end < records.count, records[end].topic == record.topic, records[end].headers.isEmpty,
                    records[end].timestampMillis == nil
                { end += 1 }
                if end - index > 1 {
                    try await enqueueRun(records[index..<end], topic: topic, batch: batch)
                    index = end
                } else {
                    try await enqueue(record, topic: topic, opaque: KafkaDeliveryTracker.opaque(batch: batch, index: index))
                    index += 1
                }
            }
        } catch let error as StreamError {
            tracker.abandon(batch: batch, count: records.count - index, error: error)
        }
        return PendingDelivery(batch: batch)
    }

    /// Waits until every record of an ``enqueue(_:)`` is acknowledged; returns the offset each was written at, in
    /// the order the records were given. Not interrupted by cancellation: the brokers' answer always comes.
    ///
    /// - Throws: ``StreamError`` (`.delivery`) for the first record that failed; the others were still attempted;
    ///   `.internal` for a delivery already awaited.
    public func delivered(_ pending: PendingDelivery) async throws -> [TopicPartitionOffset] {
        try await tracker.wait(batch: pending.batch)
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
        do {
            try await flush(timeout: timeout)
        } catch {
            await poller.stopAndWait()
            throw error
        }
        await poller.stopAndWait()
    }

    /// How many times a send had to wait because librdkafka's queue was full (backpressure).
    public var backpressureWaits: Int { queueFullWaits.load(ordering: .relaxed) }

    /// Enqueues plain records of one topic with `rd_kafka_produce_batch`, in slices that fit the queue's free room:
    /// a slice that could not fit would fail part-way and let later records overtake the failed ones.
    private func enqueueRun(_ records: ArraySlice<OutgoingRecord>, topic: OpaquePointer, batch: UInt32) async throws {
        var start = records.startIndex
        while start < records.endIndex {
            let room = maxQueuedMessages - Int(rd_kafka_outq_len(handle.pointer))
            guard room > 0 else {
                queueFullWaits.add(1, ordering: .relaxed)
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            let end = min(records.endIndex, start + room)
            for (index, code) in produceBatch(records[start..<end], topic: topic, batch: batch) {
                let record = records[index]
                if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    try await enqueue(record, topic: topic, opaque: KafkaDeliveryTracker.opaque(batch: batch, index: index))
                } else {
                    tracker.deliver([KafkaDeliveryTracker.Report(
                        opaque: KafkaDeliveryTracker.opaque(batch: batch, index: index),
                        partition: record.partition ?? -1, offset: -1, error: KafkaErrorCode(code))])
                }
            }
            start = end
        }
    }

    /// One `rd_kafka_produce_batch` call (values copied); returns the indices librdkafka refused, with the reason.
    private func produceBatch(
        _ records: ArraySlice<OutgoingRecord>, topic: OpaquePointer, batch: UInt32
    ) -> [(index: Int, code: rd_kafka_resp_err_t)] {
        // Values and keys side by side in one buffer, so every pointer stays valid for the one call.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(0) { $0 + $1.value.count + ($1.key?.count ?? 0) })
        var ranges: [(value: Range<Int>, key: Range<Int>?)] = []
        ranges.reserveCapacity(records.count)
        for record in records {
            let valueStart = bytes.count
            bytes += record.value
            let keyRange = record.key.map { key -> Range<Int> in
                let keyStart = bytes.count
                bytes += key
                return keyStart..<bytes.count
            }
            ranges.append((valueStart..<(valueStart + record.value.count), keyRange))
        }
        return bytes.withUnsafeMutableBytes { buffer in
            var messages = [rd_kafka_message_t](repeating: rd_kafka_message_t(), count: records.count)
            for (offset, index) in records.indices.enumerated() {
                let (value, key) = ranges[offset]
                messages[offset].partition = records[index].partition ?? RD_KAFKA_PARTITION_UA
                messages[offset].payload = buffer.baseAddress.map { $0 + value.lowerBound }
                messages[offset].len = value.count
                if let key {
                    messages[offset].key = buffer.baseAddress.map { $0 + key.lowerBound }
                    messages[offset].key_len = key.count
                }
                messages[offset]._private = UnsafeMutableRawPointer(bitPattern: KafkaDeliveryTracker.opaque(batch: batch, index: index))
            }
            let flags = RD_KAFKA_MSG_F_COPY | RD_KAFKA_MSG_F_PARTITION
            let enqueued = rd_kafka_produce_batch(topic, RD_KAFKA_PARTITION_UA, flags, &messages, Int32(messages.count))
            guard enqueued < messages.count else { return [] }
            return zip(records.indices, messages).compactMap { index, message in
                message.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : (index, message.err)
            }
        }
    }

    private func enqueue(_ record: OutgoingRecord, topic: OpaquePointer, opaque: UInt) async throws {
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
                // On the stack: this runs once per record.
                withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 8) { fields in
                    var count = 0
                    func add(_ type: rd_kafka_vtype_t, _ set: (inout rd_kafka_vu_t) -> Void) {
                        fields[count] = rd_kafka_vu_t()
                        fields[count].vtype = type
                        set(&fields[count])
                        count += 1
                    }
                    add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = topic }
                    add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = record.partition ?? RD_KAFKA_PARTITION_UA }
                    add(RD_KAFKA_VTYPE_VALUE) {
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                        $0.u.mem.size = value.count
                    }
                    add(RD_KAFKA_VTYPE_KEY) {
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                        $0.u.mem.size = keyCount
                    }
                    add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: opaque) }
                    add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                    if let timestamp = record.timestampMillis { add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp } }
                    if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
                    return rd_kafka_produceva(handle.pointer, fields.baseAddress, count)
                }
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
