/// Reads output partitions from given offsets to their current ends and collects the ``OutputIdentity`` of every
/// record written for given input partitions: what a restored partition must not write again.
///
/// Used on restore with the ``PartitionSnapshot/outputStarts`` of the restored snapshots. Reads are
/// `read_committed`, so on a real cluster records of aborted transactions are not counted as written (and are
/// regenerated); librdkafka's mock cluster writes no transaction markers, so there everything delivered counts.
struct OutputTailScanner: Sendable {
    let bootstrapServers: String
    /// librdkafka properties for the reading consumer.
    var properties: [String: String] = [:]

    /// The identities of records from `sources` written at or after `starts`.
    ///
    /// - Throws: ``StreamError`` if an output partition cannot be read to its end.
    func written(by sources: Set<TopicPartition>, from starts: [TopicPartition: Int64]) async throws -> Set<OutputIdentity> {
        guard !sources.isEmpty, !starts.isEmpty else { return [] }
        var configuration = KafkaConsumerConfiguration(bootstrapServers: bootstrapServers)
        configuration.additionalProperties = properties
        let consumer = try KafkaConsumer(configuration: configuration)
        let ends = try await consumer.endOffsets(Array(starts.keys)).filter { $0.offset > starts[$0.topicPartition] ?? 0 }
        var written: Set<OutputIdentity> = []
        do {
            try consumer.assign(ends.map { TopicPartitionOffset($0.topicPartition, offset: starts[$0.topicPartition] ?? 0) })
            try await consumer.readToEnd(ends) { records in
                for record in records {
                    if let identity = OutputIdentity(record), sources.contains(identity.source) { written.insert(identity) }
                }
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return written
    }
}
