/// A notable transition inside an ``InProcessTransport``, reported to its configured observer.
///
/// Tests use these to order their assertions by what happened rather than by how long it took.
public enum InProcessTransportEvent: Hashable, Sendable {
    /// A producer found the partition full and started waiting.
    case producerBlocked(TopicPartition)
    /// A waiting producer was released and goes on appending.
    case producerResumed(TopicPartition)
    /// A group committed positions.
    case committed(group: String, offsets: [TopicPartitionOffset])
    /// A group's partitions were reassigned; the new generation is given.
    case rebalanced(group: String, generation: Int)
}
