/// One partition of an in-process topic: an append-only log of records with consecutive offsets, trimmed from the
/// front once every group has committed past a record.
struct PartitionLog: Sendable {
    let topicPartition: TopicPartition
    /// The retained records; `storage[head]` has offset `startOffset`.
    private var storage: [IncomingRecord] = []
    private var head = 0
    /// The offset of the oldest retained record.
    private(set) var startOffset: Int64 = 0
    /// No record can be appended any more: readers that reach the end see the end of input.
    var sealed = false

    init(_ topicPartition: TopicPartition) {
        self.topicPartition = topicPartition
    }

    /// The offset the next appended record gets.
    var endOffset: Int64 { startOffset + Int64(storage.count - head) }

    /// The number of retained records.
    var count: Int { storage.count - head }

    mutating func append(_ records: ArraySlice<OutgoingRecord>, timestampMillis: Int64) {
        var offset = endOffset
        storage.reserveCapacity(storage.count + records.count)
        for record in records {
            storage.append(
                IncomingRecord(
                    topicPartition: topicPartition, offset: offset, key: record.key, value: record.value,
                    headers: record.headers, timestampMillis: record.timestampMillis ?? timestampMillis))
            offset += 1
        }
    }

    /// Up to `maxRecords` records from `offset` on (clamped to the retained range).
    func read(from offset: Int64, maxRecords: Int) -> ArraySlice<IncomingRecord> {
        let first = head + Int(max(offset, startOffset) - startOffset)
        guard first < storage.count else { return [] }
        return storage[first..<min(storage.count, first + maxRecords)]
    }

    /// Forgets the records before `offset`.
    mutating func trim(before offset: Int64) {
        let dropped = Int(min(offset, endOffset) - startOffset)
        guard dropped > 0 else { return }
        head += dropped
        startOffset += Int64(dropped)
        // Compacting only when the dead prefix dominates keeps trimming amortised O(1) per record.
        if head >= 1024 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}
