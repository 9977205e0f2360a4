/// One task inside a ``PartitionedProcessor``: an owned input partition, or one partition number across
/// co-partitioned topics (``CoPartitioning``, named by its key partition); its operator, how far it has read, how
/// many outputs it has numbered per stream, and which regenerated outputs are already in the output topics.
///
/// Pure bookkeeping, no I/O: the processor decodes, sends and stores.
struct PartitionTask<Op: Operator>: Sendable where Op.Input: TopicDecodable, Op.Output: TopicRoutedValue {
    /// The input partition, or the key of a co-partitioned task: the source of its outputs' identities.
    let partition: TopicPartition
    var op: Op
    /// The next offset of ``partition`` to process; records before it are already in the state.
    var nextOffset: Int64
    /// The next offset to process of each other partition of a co-partitioned task.
    var coPartitionOffsets: [TopicPartition: Int64]
    /// A co-partitioned task's records held until they are released in order; `nil` for a one-partition task.
    var merge: CoPartitionMerge<Op.Input>?
    var sequences: [OutputStreamID: UInt64]
    /// Outputs of this partition found in the output topics after its snapshot: regenerated ones are not sent again.
    var alreadyWritten: Set<OutputIdentity>
    /// Broadcast records to apply before the partition's next records (the history, for a newly restored task).
    var pendingBroadcast: [StreamRecord<Op.Input>]
    /// The ``OutputIdentity/partitionHeader`` every output of this partition carries.
    private let partitionHeader: RecordHeader

    /// A task restored from `snapshot` (or fresh, from offset 0, when `nil`).
    ///
    /// - Parameters:
    ///   - coPartitioned: for a co-partitioned task, its input partitions, `partition` first; empty otherwise.
    ///   - maxIdleNanos: how long a co-partitioned task's records wait for an empty partition (``CoPartitionMerge``).
    /// - Throws: the operator's error if the snapshot's state does not restore.
    init(
        partition: TopicPartition, coPartitioned members: [TopicPartition] = [], maxIdleNanos: Int64 = 0, operator op: Op,
        snapshot: PartitionSnapshot?, alreadyWritten: Set<OutputIdentity>, broadcastHistory: [StreamRecord<Op.Input>]
    ) throws {
        self.partition = partition
        self.op = op
        if let snapshot { try self.op.restoreState(from: snapshot.operatorState) }
        nextOffset = snapshot?.nextOffset ?? 0
        var others: [TopicPartition: Int64] = [:]
        if members.count > 1 {
            precondition(members[0] == partition, "a co-partitioned task's first partition is its key")
            for member in members.dropFirst() { others[member] = snapshot?.nextOffset(of: member) ?? 0 }
            merge = CoPartitionMerge(
                members: members, startOffsets: members.map { others[$0] ?? snapshot?.nextOffset ?? 0 }, maxIdleNanos: maxIdleNanos)
        }
        coPartitionOffsets = others
        sequences = snapshot?.sequences ?? [:]
        self.alreadyWritten = alreadyWritten
        pendingBroadcast = broadcastHistory
        partitionHeader = OutputIdentity.header(source: partition)
    }

    /// Numbers an output of this partition and stamps its identity in place; `false` if it was already written
    /// before a crash (then it is only counted, not sent again).
    mutating func number(_ record: inout OutgoingRecord) -> Bool {
        let stream = OutputStreamID(topic: record.topic, key: record.key)
        // One hash per output: this runs for every record the processor sends.
        let sequence: UInt64
        if let index = sequences.index(forKey: stream) {
            sequences.values[index] += 1
            sequence = sequences.values[index]
        } else {
            sequence = 1
            sequences[stream] = 1
        }
        if !alreadyWritten.isEmpty,
            alreadyWritten.remove(OutputIdentity(source: partition, stream: stream, sequence: sequence)) != nil
        {
            return false
        }
        record.headers.reserveCapacity(record.headers.count + 2)
        record.headers.append(partitionHeader)
        record.headers.append(OutputIdentity.header(sequence: sequence))
        return true
    }

    /// The partition's state now.
    ///
    /// - Parameter outputStarts: offsets at or below which nothing written from now on will land.
    /// - Throws: the operator's snapshot error.
    func snapshot(outputStarts: [TopicPartition: Int64]) throws -> PartitionSnapshot {
        PartitionSnapshot(
            partition: partition, nextOffset: nextOffset, operatorState: try op.snapshotState(), sequences: sequences,
            outputStarts: outputStarts, coPartitionOffsets: coPartitionOffsets)
    }
}
