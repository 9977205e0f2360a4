/// A ``Sink`` over a ``RecordProducer``: encodes values and sends them to one topic, keyed by the record key.
///
/// At-least-once: after a crash, the records written since the last checkpoint are written again. With
/// ``stampsSourcePosition`` each record carries a `tf-source` header (`topic/partition/offset` of the input record
/// that produced it), which lets a consumer of the topic drop such replays: per source partition and key, the
/// positions only grow.
public struct ProducerSink<SinkCodec: Codec>: Sink {
    /// The value type written.
    public typealias Value = SinkCodec.Value

    /// The header carrying the source position, when stamped.
    public static var sourcePositionHeader: String { "tf-source" }

    /// The producer sent through.
    public let producer: any RecordProducer
    /// The destination topic.
    public let topic: String
    /// The codec encoding values.
    public let codec: SinkCodec
    /// Whether records carry the `tf-source` header.
    public let stampsSourcePosition: Bool
    /// How long ``flush()`` waits for outstanding deliveries.
    public let flushTimeout: Duration

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - producer: the producer.
    ///   - topic: the destination topic.
    ///   - codec: encodes values.
    ///   - stampsSourcePosition: add the `tf-source` header; default `false`.
    ///   - flushTimeout: the flush bound; default 30 s.
    public init(
        producer: any RecordProducer, topic: String, codec: SinkCodec, stampsSourcePosition: Bool = false,
        flushTimeout: Duration = .seconds(30)
    ) {
        self.producer = producer
        self.topic = topic
        self.codec = codec
        self.stampsSourcePosition = stampsSourcePosition
        self.flushTimeout = flushTimeout
    }

    /// Encodes and sends the records, as one batch.
    ///
    /// - Throws: the codec's errors and the producer's ``StreamError``.
    public mutating func write(_ records: [StreamRecord<Value>]) async throws {
        var outgoing: [OutgoingRecord] = []
        outgoing.reserveCapacity(records.count)
        for record in records {
            var headers: [RecordHeader] = []
            if stampsSourcePosition, let position = record.position {
                headers.append(
                    RecordHeader(
                        name: Self.sourcePositionHeader,
                        text: "\(position.topicPartition.topic)/\(position.topicPartition.partition)/\(position.offset)"))
            }
            outgoing.append(
                OutgoingRecord(
                    topic: topic, key: record.key, value: try codec.encode(record.value), headers: headers,
                    timestampMillis: record.eventTimeNanos / 1_000_000))
        }
        try await producer.send(outgoing)
    }

    /// Waits for the producer to deliver everything sent.
    ///
    /// - Throws: the producer's ``StreamError``, e.g. `.timeout`.
    public mutating func flush() async throws {
        try await producer.flush(timeout: flushTimeout)
    }
}
