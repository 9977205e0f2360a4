import CRdKafka

extension KafkaConsumer: RecordBacklogReporting {
    /// Records in the assigned partitions past what this consumer has delivered: each partition's high
    /// watermark (the last stable offset when reading committed) minus its position, summed.
    ///
    /// Both come from librdkafka's local state (the watermarks as of the last fetch response), so this makes no
    /// request. A partition not fetched yet, or with nothing delivered from it yet (no position), counts as
    /// nothing behind. On a transactional topic the commit markers are counted too: a few records more than can
    /// be delivered.
    public func recordsBehind() -> Int {
        let assigned = assignment
        guard !assigned.isEmpty else { return 0 }
        let list = KafkaPartitionList(assigned)
        guard rd_kafka_position(handle.pointer, list.pointer) == RD_KAFKA_RESP_ERR_NO_ERROR else { return 0 }
        // Read in place: it runs after every batch, and `elements` would make a String per partition.
        var behind: Int64 = 0
        for index in 0..<Int(list.pointer.pointee.cnt) {
            let element = list.pointer.pointee.elems[index]
            guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 else { continue }
            var low: Int64 = -1, high: Int64 = -1
            guard rd_kafka_get_watermark_offsets(handle.pointer, element.topic, element.partition, &low, &high)
                == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0
            else { continue }
            behind += max(0, high - element.offset)
        }
        return Int(behind)
    }
}
