/// One owned input partition inside a ``PartitionedProcessor``: its operator, how far it has read, how many
/// outputs it has numbered per stream, and which regenerated outputs are already in the output topics.
///
/// Pure bookkeeping, no I/O: the processor decodes, sends and stores.
struct PartitionTask<Op: Operator>: Sendable where Op.Input: TopicDecodable, Op.Output: TopicRoutedValue {
    let partition: TopicPartition
    var op: Op
    /// The next input offset to process; records before it are already in the state.
    var nextOffset: Int64
    var sequences: [OutputStreamID: UInt64]
    /// Outputs of this partition found in the output topics after its snapshot: regenerated ones are not sent again.
    var alreadyWritten: Set<OutputIdentity>
    /// Broadcast records to apply before the partition's next records (the history, for a newly restored task).
    var pendingBroadcast: [StreamRecord<Op.Input>]
    /// The ``OutputIdentity/partitionHeader`` every output of this partition carries.
    private let partitionHeader: RecordHeader

    /// A task restored from `snapshot` (or fresh, from offset 0, when `nil`).
    ///
    /// - Throws: the operator's error if the snapshot's state does not restore.
    init(
        partition: TopicPartition, operator op: Op, snapshot: PartitionSnapshot?, alreadyWritten: Set<OutputIdentity>,
        broadcastHistory: [StreamRecord<Op.Input>]
    ) throws {
        self.partition = partition
        self.op = op
        if let snapshot { try self.op.restoreState(from: snapshot.operatorState) }
        nextOffset = snapshot?.nextOffset ?? 0
        sequences = snapshot?.sequences ?? [:]
        self.alreadyWritten = alreadyWritten
        pendingBroadcast = broadcastHistory
        partitionHeader = OutputIdentity.header(source: partition)
    }

    /// Numbers an output of this partition and stamps its identity; `nil` if it was already written before a
    /// crash (then it is only counted, not sent again).
    mutating func number(_ record: OutgoingRecord) -> OutgoingRecord? {
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
            return nil
        }
        var numbered = record
        numbered.headers.reserveCapacity(numbered.headers.count + 2)
        numbered.headers.append(partitionHeader)
        numbered.headers.append(OutputIdentity.header(sequence: sequence))
        return numbered
    }

    /// The partition's state now.
    ///
    /// - Parameter outputStarts: offsets at or below which nothing written from now on will land.
    /// - Throws: the operator's snapshot error.
    func snapshot(outputStarts: [TopicPartition: Int64]) throws -> PartitionSnapshot {
        PartitionSnapshot(
            partition: partition, nextOffset: nextOffset, operatorState: try op.snapshotState(), sequences: sequences,
            outputStarts: outputStarts)
    }
}
