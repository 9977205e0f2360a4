import CRdKafka

/// Topic names by librdkafka topic object, so a batch makes one Swift string per topic, not per record.
struct KafkaTopicNameCache {
    private var names: [OpaquePointer: String] = [:]

    mutating func name(of topic: OpaquePointer?) -> String {
        guard let topic else { return "" }
        if let name = names[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        names[topic] = name
        return name
    }
}

extension IncomingRecord {
    /// Copies a consumed message out of librdkafka.
    init(_ message: UnsafePointer<rd_kafka_message_t>, topicNames: inout KafkaTopicNameCache) {
        let m = message.pointee
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? []
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        var headers: [RecordHeader] = []
        var rawHeaders: OpaquePointer?
        if rd_kafka_message_headers(message, &rawHeaders) == RD_KAFKA_RESP_ERR_NO_ERROR, let rawHeaders {
            var index = 0
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(rawHeaders, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let value = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(RecordHeader(name: name.map { String(cString: $0) } ?? "", value: value))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        self.init(
            topicPartition: TopicPartition(topic: topicNames.name(of: m.rkt), partition: m.partition),
            offset: m.offset, key: key, value: value, headers: headers,
            timestampMillis: timestamp >= 0 ? timestamp : nil)
    }
}
