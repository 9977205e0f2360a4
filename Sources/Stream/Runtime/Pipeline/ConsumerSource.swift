/// A ``Source`` over a ``RecordConsumer``: decodes each record with a codec, reporting the ones that fail.
public struct ConsumerSource<SourceCodec: Codec>: Source {
    /// The decoded value type.
    public typealias Value = SourceCodec.Value

    /// The consumer read from.
    public let consumer: any RecordConsumer
    /// The codec decoding record values.
    public let codec: SourceCodec
    private let eventTime: @Sendable (SourceCodec.Value, IncomingRecord) -> Int64

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - consumer: the consumer, already subscribed.
    ///   - codec: decodes record values.
    ///   - eventTime: the event time of a decoded record in ns since the epoch; by default the record timestamp.
    public init(
        consumer: any RecordConsumer, codec: SourceCodec,
        eventTime: @escaping @Sendable (SourceCodec.Value, IncomingRecord) -> Int64 = { _, record in
            (record.timestampMillis ?? 0) * 1_000_000
        }
    ) {
        self.consumer = consumer
        self.codec = codec
        self.eventTime = eventTime
    }

    /// Reads and decodes the consumer's next batch.
    ///
    /// - Returns: the batch, or `nil` once the consumer is closed or its input ended.
    /// - Throws: the consumer's errors; decoding errors are reported in ``SourceBatch/failures`` instead.
    public func nextBatch(maxRecords: Int) async throws -> SourceBatch<Value>? {
        guard let raw = try await consumer.nextBatch(maxRecords: maxRecords) else { return nil }
        var records: [StreamRecord<Value>] = []
        records.reserveCapacity(raw.count)
        var failures: [SourceFailure] = []
        var ends: [TopicPartition: Int64] = [:]
        var currentRun: (partition: TopicPartition, end: Int64)?
        for record in raw {
            do {
                let value = try codec.decode(record.value)
                records.append(
                    StreamRecord(
                        key: record.key, value: value, eventTimeNanos: eventTime(value, record),
                        position: SourcePosition(record.topicPartition, offset: record.offset)))
            } catch {
                failures.append(
                    SourceFailure(
                        record: record, reasonCode: "DECODE_ERROR",
                        reason: "cannot decode \(record.topicPartition)@\(record.offset) as \(Value.self): \(error)"))
            }
            // Records arrive in runs per partition: hash the partition once per run, not once per record.
            if let run = currentRun, run.partition == record.topicPartition {
                currentRun?.end = record.offset + 1
            } else {
                if let run = currentRun { ends[run.partition] = max(ends[run.partition] ?? 0, run.end) }
                currentRun = (record.topicPartition, record.offset + 1)
            }
        }
        if let run = currentRun { ends[run.partition] = max(ends[run.partition] ?? 0, run.end) }
        let positions = ends.map { TopicPartitionOffset($0.key, offset: $0.value) }
        return SourceBatch(records: records, failures: failures, positions: positions, raw: raw)
    }

    /// Commits the positions on the consumer.
    public func commit(_ positions: [TopicPartitionOffset]) async throws {
        try await consumer.commit(positions)
    }

    /// Closes the consumer.
    public func close() async {
        await consumer.close()
    }
}
