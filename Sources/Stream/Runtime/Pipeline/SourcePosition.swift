/// Where a record was read: its partition and its own offset there.
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The partition the record was read from.
    public var topicPartition: TopicPartition
    /// The record's offset in that partition.
    public var offset: Int64

    /// Creates a position.
    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    /// The position to commit once this record is processed: the offset just after it.
    public var next: TopicPartitionOffset { TopicPartitionOffset(topicPartition, offset: offset + 1) }

    public var description: String { "\(topicPartition)#\(offset)" }
}
