/// Where a partition's outputs may go and how its refused records become dead letters: what
/// ``PartitionTask/step(records:broadcast:outputs:)`` needs from the runner around it.
struct StepOutputs: Sendable {
    /// The stage name: dead letters go to `dlq.<stage>` unless a rejection names another topic.
    let stage: String
    /// The topics outputs may go to; `nil` accepts any.
    let allowedTopics: Set<String>?
    /// Builds and counts dead letters into ``collector``.
    let router: DeadLetterRouter
    /// Keeps the dead letters so that they are numbered and sent like any output.
    let collector: DeadLetterCollector
}

extension PartitionTask {
    /// Runs the partition's operator over its records (broadcast records first) and turns what it emits, dead
    /// letters included, into numbered outgoing records.
    ///
    /// - Returns: the records to send, and the newest event time among the records decoded (`nil` if none was).
    /// - Throws: the operator's error; ``StreamError`` `.configuration` for an output to a topic not allowed.
    mutating func step(
        records: [IncomingRecord], broadcast: [StreamRecord<Op.Input>], outputs: StepOutputs
    ) async throws -> (records: [OutgoingRecord], newestEventNanos: Int64?) {
        var output = OperatorOutput<Op.Output>(capacity: records.count)
        if !broadcast.isEmpty { try op.process(broadcast, into: &output) }
        var decoded: [StreamRecord<Op.Input>] = []
        decoded.reserveCapacity(records.count)
        var failures: [SourceFailure] = []
        var newest: Int64?
        for record in records {
            do {
                let value = try Op.Input(topic: record.topic, bytes: record.value)
                let time = value.eventTimeNanos
                newest = max(newest ?? time, time)
                decoded.append(StreamRecord(
                    key: record.key, value: value, eventTimeNanos: time,
                    position: SourcePosition(record.topicPartition, offset: record.offset)))
            } catch {
                failures.append(SourceFailure(
                    record: record, reasonCode: "DECODE_ERROR",
                    reason: "cannot decode \(record.topicPartition)@\(record.offset): \(error)"))
            }
        }
        if !decoded.isEmpty { try op.process(decoded, into: &output) }
        let outgoing = try await outgoingRecords(&output, failures: failures, originals: records, outputs: outputs)
        return (outgoing, newest)
    }

    /// The input has ended: the operator emits what it still holds (open windows, held ticks), numbered.
    ///
    /// - Throws: the operator's error; ``StreamError`` `.configuration` for an output to a topic not allowed.
    mutating func finish(outputs: StepOutputs) async throws -> [OutgoingRecord] {
        var output = OperatorOutput<Op.Output>()
        try op.finish(into: &output)
        return try await outgoingRecords(&output, failures: [], originals: [], outputs: outputs)
    }

    /// Encodes an operator's output, adds the dead letters, checks the topics and numbers every record.
    private mutating func outgoingRecords(
        _ output: inout OperatorOutput<Op.Output>, failures: [SourceFailure], originals records: [IncomingRecord], outputs: StepOutputs
    ) async throws -> [OutgoingRecord] {
        var outgoing: [OutgoingRecord] = []
        outgoing.reserveCapacity(output.records.count)
        for record in output.records {
            let value = record.value
            do {
                outgoing.append(OutgoingRecord(
                    topic: value.topic, key: record.key, value: try value.encoded(), headers: value.headers,
                    timestampMillis: record.eventTimeNanos / 1_000_000))
            } catch {
                output.rejections.append(Rejection(
                    key: record.key, position: record.position, reasonCode: "ENCODE_ERROR",
                    reason: "cannot encode an output for \(value.topic): \(error)"))
            }
        }
        outgoing += try await deadLetters(failures: failures, rejections: output.rejections, originals: records, outputs: outputs)
        return try outgoing.compactMap { record in
            if let allowed = outputs.allowedTopics, !allowed.contains(record.topic) {
                throw StreamError(
                    .configuration,
                    "\(outputs.stage) emitted a record for \(record.topic), which is not among its output topics \(allowed.sorted())")
            }
            return number(record)
        }
    }

    /// The dead letters of a step, ordered by the input offset they come from (side-input ones first), so that
    /// their numbering does not depend on how the input was batched.
    private func deadLetters(
        failures: [SourceFailure], rejections: [Rejection], originals: [IncomingRecord], outputs: StepOutputs
    ) async throws -> [OutgoingRecord] {
        guard !failures.isEmpty || !rejections.isEmpty else { return [] }
        try await outputs.router.route(failures, stage: outputs.stage)
        let failed = zip(failures.map(\.record.offset), outputs.collector.drain())
        try await outputs.router.route(rejections, stage: outputs.stage, originals: originals)
        let rejected = zip(
            rejections.map { $0.position?.topicPartition == partition ? $0.position?.offset ?? -1 : -1 }, outputs.collector.drain())
        let letters = Array(failed) + Array(rejected)
        return letters.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
