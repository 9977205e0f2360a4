/// The records of one send bound for one partition, and how many of them are appended so far.
struct PendingAppend: Sendable {
    let partition: TopicPartition
    var records: [OutgoingRecord] = []
    var appended = 0
}

extension InProcessTransportState {
    /// Splits a send into per-partition runs, keeping each partition's records in send order.
    ///
    /// - Throws: ``StreamError`` `.delivery` for an explicit partition out of range, `.closed` for a sealed topic.
    mutating func route(_ records: [OutgoingRecord]) throws -> [PendingAppend] {
        var pending: [PendingAppend] = []
        // Batches usually go to one topic: remember its slots instead of hashing the name for every record.
        var currentTopic: String?
        var currentCount = 0
        var currentSlots: [Int] = []
        var currentPartitioner = KeyPartitioner()
        var slotsByTopic: [String: [Int]] = [:]
        defer { if let currentTopic { topics[currentTopic]?.partitioner = currentPartitioner } }

        for record in records {
            if record.topic != currentTopic {
                if let currentTopic {
                    slotsByTopic[currentTopic] = currentSlots
                    topics[currentTopic]?.partitioner = currentPartitioner
                }
                currentCount = ensureTopic(record.topic)
                if topics[record.topic]?.logs.first?.sealed == true {
                    throw StreamError(.closed, "topic \(record.topic) is sealed: no record can be appended")
                }
                currentSlots = slotsByTopic[record.topic] ?? Array(repeating: -1, count: currentCount)
                currentPartitioner = topics[record.topic]!.partitioner
                currentTopic = record.topic
            }
            let partition = currentPartitioner.partition(
                key: record.key, explicitPartition: record.partition, partitionCount: currentCount)
            guard partition >= 0, Int(partition) < currentCount else {
                throw StreamError(
                    .delivery, "partition \(partition) of topic \(record.topic) does not exist (it has \(currentCount))")
            }
            var slot = currentSlots[Int(partition)]
            if slot < 0 {
                slot = pending.count
                currentSlots[Int(partition)] = slot
                pending.append(PendingAppend(partition: TopicPartition(topic: record.topic, partition: partition)))
            }
            pending[slot].records.append(record)
        }
        return pending
    }

    /// Appends as much of each run as its partition has room for.
    ///
    /// - Returns: the first partition that is still full, if any record is left.
    mutating func append(
        _ pending: inout [PendingAppend], timestampMillis: Int64, into wakeups: inout Wakeups
    ) -> TopicPartition? {
        var blocked: TopicPartition?
        let capacity = configuration.partitionCapacity
        for index in pending.indices where pending[index].appended < pending[index].records.count {
            let partition = pending[index].partition
            let slot = Int(partition.partition)
            guard let log = topics[partition.topic]?.logs[slot] else { continue }
            let remaining = pending[index].records.count - pending[index].appended
            let room: Int
            if let floor = floor(of: partition) {
                room = max(0, capacity - Int(log.endOffset - floor))
            } else {
                room = remaining
            }
            let taking = min(room, remaining)
            if taking > 0 {
                let start = pending[index].appended
                topics[partition.topic]!.logs[slot].append(
                    pending[index].records[start..<(start + taking)], timestampMillis: timestampMillis)
                pending[index].appended += taking
                if floor(of: partition) == nil {
                    let end = topics[partition.topic]!.logs[slot].endOffset
                    topics[partition.topic]!.logs[slot].trim(before: end - Int64(capacity))
                }
                notifyReaders(of: partition, into: &wakeups)
            }
            if pending[index].appended < pending[index].records.count, blocked == nil { blocked = partition }
        }
        return blocked
    }
}
