/// Which input partition an output record came from and its number in its output stream: carried in two headers
/// so that a restored partition can recognise, in the output topics, what it already wrote.
///
/// `tf-partition` holds `topic/partition` of the input partition, `tf-seq` the decimal number of the record in its
/// ``OutputStreamID`` (destination topic and key) for that input partition, from 1.
public struct OutputIdentity: Hashable, Sendable {
    /// The header naming the input partition.
    public static let partitionHeader = "tf-partition"
    /// The header holding the number in the output stream.
    public static let sequenceHeader = "tf-seq"

    /// The input partition whose processing produced the record.
    public var source: TopicPartition
    /// The output stream.
    public var stream: OutputStreamID
    /// The record's number in `stream` for `source`, from 1.
    public var sequence: UInt64

    /// Creates an identity.
    public init(source: TopicPartition, stream: OutputStreamID, sequence: UInt64) {
        self.source = source
        self.stream = stream
        self.sequence = sequence
    }

    /// The two headers carrying this identity.
    public var headers: [RecordHeader] {
        [Self.header(source: source), Self.header(sequence: sequence)]
    }

    /// The ``partitionHeader`` of outputs from `source`.
    static func header(source: TopicPartition) -> RecordHeader {
        RecordHeader(name: partitionHeader, text: "\(source.topic)/\(source.partition)")
    }

    /// The ``sequenceHeader`` of the output numbered `sequence`.
    static func header(sequence: UInt64) -> RecordHeader {
        RecordHeader(name: sequenceHeader, text: String(sequence))
    }

    /// The identity of a record read from an output topic, or `nil` if it carries none.
    public init?(_ record: IncomingRecord) {
        guard let partitionText = record.header(Self.partitionHeader).flatMap({ String(validating: $0, as: UTF8.self) }),
            let sequenceText = record.header(Self.sequenceHeader).flatMap({ String(validating: $0, as: UTF8.self) }),
            let sequence = UInt64(sequenceText), let slash = partitionText.lastIndex(of: "/"),
            let partition = Int32(partitionText[partitionText.index(after: slash)...])
        else { return nil }
        self.init(
            source: TopicPartition(topic: String(partitionText[..<slash]), partition: partition),
            stream: OutputStreamID(topic: record.topic, key: record.key), sequence: sequence)
    }
}
