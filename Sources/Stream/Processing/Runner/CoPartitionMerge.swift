/// An input record of a co-partitioned task, decoded once when it is buffered.
struct HeldRecord<Input: TopicDecodable>: Sendable {
    /// The record as read.
    let record: IncomingRecord
    /// The decoded record, or `nil` if it does not decode (then ``failure`` says why).
    let value: StreamRecord<Input>?
    /// Why the record does not decode.
    let failure: SourceFailure?
    /// When the record was read (wall clock, ns): how long it has waited.
    let arrivalNanos: Int64

    /// Decodes a record read from one of the task's partitions at `arrivalNanos`.
    init(_ record: IncomingRecord, arrivalNanos: Int64) {
        self.record = record
        self.arrivalNanos = arrivalNanos
        do {
            let value = try Input(topic: record.topic, bytes: record.value)
            self.value = StreamRecord(
                key: record.key, value: value, eventTimeNanos: value.eventTimeNanos,
                position: SourcePosition(record.topicPartition, offset: record.offset))
            failure = nil
        } catch {
            value = nil
            failure = SourceFailure(
                record: record, reasonCode: "DECODE_ERROR", reason: "cannot decode \(record.topicPartition)@\(record.offset): \(error)")
        }
    }

    /// Where the record stands in the merge: its event time; an undecodable record goes as soon as it is a head.
    var orderTime: Int64 { value?.eventTimeNanos ?? .min }
}

/// The input records of a co-partitioned task, held per input partition and released in an order that depends only
/// on the partitions' logs, not on how the consumer's fetches interleave them.
///
/// **The order.** While every partition of the task has a record held, the head with the smallest
/// `(event time, topic rank)` goes next (topic rank: the position of its topic in the task, the key's first; an
/// undecodable record counts as the earliest time). This is a k-way merge of the partitions' logs: from any
/// position of theirs it releases the same sequence however the records arrive, which is what makes a replay after
/// a crash regenerate the same outputs (see ``PartitionedProcessor``). Records of one partition keep their offset
/// order.
///
/// **Idling.** While a partition has nothing held, the merge goes on among the others, but a head goes only once it
/// has itself waited `maxIdleNanos` of wall time since it was read (Kafka Streams' `max.task.idle.ms`, per record).
/// A partition that lags the others by more than that, or that is empty, thus does not stall the task, at the price
/// of determinism for the records released that way: a record of the lagging partition read later with an earlier
/// event time is processed after them. On a live feed whose event times follow the wall clock, a record of the
/// slower topic (a bar, published after its window closes) is therefore placed exactly as in a replay as long as it
/// arrives less than `maxIdleNanos` after the other topic's records of the same event time. Holding is bounded by
/// what the other partitions bring in that time.
///
/// Pure bookkeeping, no I/O: the processor feeds what it reads (``add(_:nowNanos:)``) and asks what to process
/// (``release(nowNanos:)``), on every poll, so that idling ends even when nothing new arrives.
struct CoPartitionMerge<Input: TopicDecodable>: Sendable {
    /// The task's input partitions; their index is their topic rank.
    let members: [TopicPartition]
    /// How long a record waits for an empty partition, in ns.
    let maxIdleNanos: Int64
    private var queues: [[HeldRecord<Input>]]
    private var heads: [Int]
    /// Per member, the offset after the last record held or released: records below it are not held again.
    private(set) var readOffsets: [Int64]

    /// An empty merge reading each member from its offset.
    init(members: [TopicPartition], startOffsets: [Int64], maxIdleNanos: Int64) {
        precondition(members.count == startOffsets.count, "one start offset per member")
        self.members = members
        self.maxIdleNanos = maxIdleNanos
        queues = Array(repeating: [], count: members.count)
        heads = Array(repeating: 0, count: members.count)
        readOffsets = startOffsets
    }

    /// How many records are held.
    var heldCount: Int { zip(queues, heads).reduce(0) { $0 + $1.0.count - $1.1 } }

    /// Holds records of the task's partitions read at `nowNanos`, in the order read; records of other partitions,
    /// and records below a partition's read offset (already held, or covered by the task's state), are ignored.
    mutating func add(_ records: some Sequence<IncomingRecord>, nowNanos: Int64) {
        for record in records {
            guard let member = members.firstIndex(of: record.topicPartition), record.offset >= readOffsets[member] else { continue }
            queues[member].append(HeldRecord(record, arrivalNanos: nowNanos))
            readOffsets[member] = record.offset + 1
        }
    }

    /// The records to process now, in merge order (see the type's documentation).
    mutating func release(nowNanos: Int64) -> [HeldRecord<Input>] {
        var released: [HeldRecord<Input>] = []
        while true {
            let nonEmpty = (0..<members.count).filter { heads[$0] < queues[$0].count }
            guard !nonEmpty.isEmpty else { break }
            let next = Self.earliest(among: nonEmpty, heads: heads, queues: queues)
            // With a partition silent, the head waits out the idle time since it was read.
            if nonEmpty.count < members.count, nowNanos - queues[next][heads[next]].arrivalNanos < maxIdleNanos { break }
            released.append(pop(next))
        }
        compact()
        return released
    }

    private static func earliest(among members: [Int], heads: [Int], queues: [[HeldRecord<Input>]]) -> Int {
        members.min { (queues[$0][heads[$0]].orderTime, $0) < (queues[$1][heads[$1]].orderTime, $1) }!
    }

    private mutating func pop(_ member: Int) -> HeldRecord<Input> {
        defer { heads[member] += 1 }
        return queues[member][heads[member]]
    }

    private mutating func compact() {
        for member in queues.indices where heads[member] > 0 {
            queues[member].removeFirst(heads[member])
            heads[member] = 0
        }
    }
}
