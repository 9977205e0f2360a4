/// A topic and one of its partitions.
public struct TopicPartition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The topic name.
    public var topic: String
    /// The partition index, from 0.
    public var partition: Int32

    /// Creates a topic-partition pair.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A position in a partitioned log: the offset of the next record to read from a partition.
///
/// Committing a `TopicPartitionOffset` means "every record before `offset` has been durably processed".
public struct TopicPartitionOffset: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The partition this position belongs to.
    public var topicPartition: TopicPartition
    /// The next offset to read.
    public var offset: Int64

    /// Creates a position.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topicPartition = TopicPartition(topic: topic, partition: partition)
        self.offset = offset
    }

    /// Creates a position.
    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    public var topic: String { topicPartition.topic }
    public var partition: Int32 { topicPartition.partition }
    public var description: String { "\(topicPartition)@\(offset)" }
}

/// A header on a record: a name and opaque bytes.
public struct RecordHeader: Hashable, Sendable {
    /// The header name.
    public var name: String
    /// The header value.
    public var value: [UInt8]

    /// Creates a header.
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// Creates a header whose value is UTF-8 text.
    public init(name: String, text: String) {
        self.init(name: name, value: Array(text.utf8))
    }
}

/// A record on its way to a topic.
public struct OutgoingRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The partitioning key (an instrument id for market data); `nil` spreads records over partitions.
    public var key: [UInt8]?
    /// The serialized value (a Protobuf message of the topic's contract).
    public var value: [UInt8]
    /// Headers carried with the record.
    public var headers: [RecordHeader]
    /// An explicit partition; `nil` lets the partitioner choose from the key.
    public var partition: Int32?
    /// The record timestamp in milliseconds since the epoch (Kafka's resolution); `nil` means "now".
    public var timestampMillis: Int64?

    /// Creates an outgoing record.
    public init(
        topic: String, key: [UInt8]? = nil, value: [UInt8], headers: [RecordHeader] = [],
        partition: Int32? = nil, timestampMillis: Int64? = nil
    ) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
        self.partition = partition
        self.timestampMillis = timestampMillis
    }
}

/// A record read from a partition of a topic.
public struct IncomingRecord: Sendable, Hashable {
    /// Where the record was read from.
    public var topicPartition: TopicPartition
    /// The record's offset in its partition.
    public var offset: Int64
    /// The partitioning key, if any.
    public var key: [UInt8]?
    /// The serialized value.
    public var value: [UInt8]
    /// Headers carried with the record.
    public var headers: [RecordHeader]
    /// The record timestamp in milliseconds since the epoch, if the log has one.
    public var timestampMillis: Int64?

    /// Creates an incoming record.
    public init(
        topicPartition: TopicPartition, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [RecordHeader] = [], timestampMillis: Int64? = nil
    ) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMillis = timestampMillis
    }

    public var topic: String { topicPartition.topic }
    public var partition: Int32 { topicPartition.partition }

    /// The position just after this record: what to commit once it has been processed.
    public var nextPosition: TopicPartitionOffset { TopicPartitionOffset(topicPartition, offset: offset + 1) }

    /// The value of the first header with that name, if any.
    public func header(_ name: String) -> [UInt8]? { headers.first { $0.name == name }?.value }
}
