/// A member of a consumer group of an ``InProcessTransport``.
public struct InProcessConsumer: RecordConsumer {
    let transport: InProcessTransport
    let memberID: Int
    /// The group this consumer belongs to.
    public let group: String

    /// Waits for records on the partitions this member owns and returns up to `maxRecords` of them.
    ///
    /// - Parameter maxRecords: the batch size limit; must be positive.
    /// - Returns: a non-empty batch, or `nil` once closed or once every subscribed topic is sealed and read.
    /// - Throws: `CancellationError` if the task is cancelled while waiting; no record is lost, as none was handed out.
    public func nextBatch(maxRecords: Int) async throws -> [IncomingRecord]? {
        try await transport.nextBatch(member: memberID, maxRecords: maxRecords)
    }

    /// Commits positions for partitions this member owns.
    ///
    /// - Throws: ``StreamError`` `.consumer` if a partition was reassigned away from this member or an offset lies
    ///   past the end, `.closed` after ``close()``.
    public func commit(_ offsets: [TopicPartitionOffset]) async throws {
        try transport.commit(member: memberID, offsets: offsets)
    }

    /// Leaves the group: its partitions go to the other members, from the group's committed offsets.
    public func close() async {
        transport.leave(member: memberID)
    }

    /// The partitions this member owns right now, sorted by topic and partition.
    public func assignment() -> [TopicPartition] {
        transport.assignment(member: memberID)
    }
}
