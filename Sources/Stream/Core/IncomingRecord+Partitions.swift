extension Array where Element == IncomingRecord {
    /// Each partition's records, in the order read.
    ///
    /// Transports return a partition's records in one run; each partition's records are then a slice of this array,
    /// and no record is copied (a copy retains the topic, key, value and headers of every record). A partition whose
    /// records come in several runs has them gathered into an array of their own.
    func groupedByPartition() -> [TopicPartition: ArraySlice<IncomingRecord>] {
        var runs: [TopicPartition: [Range<Int>]] = [:]
        withUnsafeBufferPointer { records in
            var start = 0
            for index in records.indices.dropFirst() where records[index].topicPartition != records[start].topicPartition {
                runs[records[start].topicPartition, default: []].append(start..<index)
                start = index
            }
            if !records.isEmpty { runs[records[start].topicPartition, default: []].append(start..<records.count) }
        }
        return runs.mapValues { ranges in
            ranges.count == 1 ? self[ranges[0]] : ArraySlice(ranges.lazy.flatMap { self[$0] })
        }
    }
}
