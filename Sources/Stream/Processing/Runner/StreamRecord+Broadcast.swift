import Logging

extension StreamRecord where Value: TopicDecodable {
    /// Decodes records of a broadcast topic; an undecodable one is logged and skipped.
    ///
    /// Every processor reads the side input: dead-lettering here would write one letter per processor.
    static func decodingBroadcast(_ records: [IncomingRecord], logger: Logger) -> [StreamRecord<Value>] {
        records.compactMap { record in
            do {
                let value = try Value(topic: record.topic, bytes: record.value)
                return StreamRecord(
                    key: record.key, value: value, eventTimeNanos: value.eventTimeNanos,
                    position: SourcePosition(record.topicPartition, offset: record.offset))
            } catch {
                logger.warning("skipping an undecodable broadcast record", metadata: [
                    "position": "\(record.topicPartition)@\(record.offset)", "error": "\(error)"])
                return nil
            }
        }
    }
}
