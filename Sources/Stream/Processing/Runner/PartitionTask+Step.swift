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
        records: ArraySlice<IncomingRecord>, broadcast: [StreamRecord<Op.Input>], outputs: StepOutputs
    ) async throws -> (records: [OutgoingRecord], newestEventNanos: Int64?) {
        var decoded: [StreamRecord<Op.Input>] = []
        decoded.reserveCapacity(records.count)
        var failures: [SourceFailure] = []
        var newest: Int64?
        // Read in place: binding each record copied it, retaining its topic, key, value and headers.
        records.withUnsafeBufferPointer { records in
            for index in records.indices {
                let record = records.baseAddress! + index
                do {
                    let value = try Op.Input(topic: record.pointee.topic, bytes: record.pointee.value)
                    let time = value.eventTimeNanos
                    newest = max(newest ?? time, time)
                    decoded.append(StreamRecord(
                        key: record.pointee.key, value: value, eventTimeNanos: time,
                        position: SourcePosition(record.pointee.topicPartition, offset: record.pointee.offset)))
                } catch {
                    failures.append(SourceFailure(
                        record: record.pointee, reasonCode: "DECODE_ERROR",
                        reason: "cannot decode \(record.pointee.topicPartition)@\(record.pointee.offset): \(error)"))
                }
            }
        }
        let outgoing = try await run(decoded, failures: failures, originals: records, broadcast: broadcast, outputs: outputs)
        return (outgoing, newest)
    }

    /// Runs the operator over a step's broadcast then decoded records, and numbers what it emits with the dead letters.
    ///
    /// - Parameter inReadOrder: order dead letters by their record's place in `records` (a co-partitioned step:
    ///   offsets of different partitions do not order them) rather than by offset.
    private mutating func run(
        _ decoded: [StreamRecord<Op.Input>], failures: [SourceFailure], originals records: ArraySlice<IncomingRecord>,
        broadcast: [StreamRecord<Op.Input>], outputs: StepOutputs, inReadOrder: Bool = false
    ) async throws -> [OutgoingRecord] {
        var output = OperatorOutput<Op.Output>(capacity: records.count)
        if !broadcast.isEmpty { try op.process(broadcast, into: &output) }
        if !decoded.isEmpty { try op.process(decoded, into: &output) }
        return try await outgoingRecords(&output, failures: failures, originals: records, outputs: outputs, inReadOrder: inReadOrder)
    }

    /// A co-partitioned task's step: holds the batch's records of its partitions, runs the operator over those the
    /// ``CoPartitionMerge`` releases (broadcast records first), and advances each partition's next offset past them.
    ///
    /// - Returns: the records to send, the newest event time among the records released, the new next offset of
    ///   every partition that advanced, and how many input records were released.
    /// - Throws: the operator's error; ``StreamError`` `.configuration` for an output to a topic not allowed.
    mutating func stepMerged(
        records: ArraySlice<IncomingRecord>, broadcast: [StreamRecord<Op.Input>], nowNanos: Int64, outputs: StepOutputs
    ) async throws -> (records: [OutgoingRecord], newestEventNanos: Int64?, positions: [TopicPartitionOffset], released: Int) {
        merge?.add(records, nowNanos: nowNanos)
        let released = merge?.release(nowNanos: nowNanos) ?? []
        guard !released.isEmpty || !broadcast.isEmpty else { return ([], nil, [], 0) }
        let decoded = released.compactMap(\.value)
        let newest = decoded.map(\.eventTimeNanos).max()
        let originals = ArraySlice(released.map(\.record))
        let outgoing = try await run(
            decoded, failures: released.compactMap(\.failure), originals: originals, broadcast: broadcast, outputs: outputs,
            inReadOrder: true)
        var next: [TopicPartition: Int64] = [:]
        for record in originals { next[record.topicPartition] = record.offset + 1 }
        for (member, offset) in next {
            if member == partition { nextOffset = offset } else { coPartitionOffsets[member] = offset }
        }
        let positions = next.map { TopicPartitionOffset($0.key, offset: $0.value) }.sorted { $0.topicPartition.topic < $1.topicPartition.topic }
        return (outgoing, newest, positions, released.count)
    }

    /// The input has ended: the operator emits what it still holds (open windows, held ticks), numbered.
    ///
    /// - Throws: the operator's error; ``StreamError`` `.configuration` for an output to a topic not allowed.
    mutating func finish(outputs: StepOutputs) async throws -> [OutgoingRecord] {
        var output = OperatorOutput<Op.Output>()
        try op.finish(into: &output)
        return try await outgoingRecords(&output, failures: [], originals: [], outputs: outputs, inReadOrder: false)
    }

    /// Encodes an operator's output, adds the dead letters, checks the topics and numbers every record.
    private mutating func outgoingRecords(
        _ output: inout OperatorOutput<Op.Output>, failures: [SourceFailure], originals records: ArraySlice<IncomingRecord>, outputs: StepOutputs,
        inReadOrder: Bool
    ) async throws -> [OutgoingRecord] {
        var outgoing: [OutgoingRecord] = []
        outgoing.reserveCapacity(output.records.count)
        var unencodable: [Rejection] = []
        // Read in place, through the buffer: binding each record, or reading it by the array's subscript here,
        // copied it (a third of this function's time), retaining every string it holds.
        output.records.withUnsafeBufferPointer { records in
            for index in records.indices {
                let record = records.baseAddress! + index
                do {
                    outgoing.append(OutgoingRecord(
                        topic: record.pointee.value.topic, key: record.pointee.key, value: try record.pointee.value.encoded(),
                        headers: record.pointee.value.headers, timestampMillis: record.pointee.eventTimeNanos / 1_000_000))
                } catch {
                    unencodable.append(Rejection(
                        key: record.pointee.key, position: record.pointee.position, reasonCode: "ENCODE_ERROR",
                        reason: "cannot encode an output for \(record.pointee.value.topic): \(error)"))
                }
            }
        }
        output.rejections += unencodable
        outgoing += try await deadLetters(
            failures: failures, rejections: output.rejections, originals: records, outputs: outputs, inReadOrder: inReadOrder)
        // Numbered in place, the already written ones dropped by moving the rest down: no record is copied.
        var kept = 0
        for index in outgoing.indices {
            if let allowed = outputs.allowedTopics, !allowed.contains(outgoing[index].topic) {
                throw StreamError(
                    .configuration,
                    "\(outputs.stage) emitted a record for \(outgoing[index].topic), which is not among its output topics \(allowed.sorted())")
            }
            guard number(&outgoing[index]) else { continue }
            if kept != index { outgoing.swapAt(kept, index) }
            kept += 1
        }
        outgoing.removeLast(outgoing.count - kept)
        return outgoing
    }

    /// The dead letters of a step, ordered by the input record they come from (side-input ones first) — by offset,
    /// or by place in `originals` for a co-partitioned step — so that their numbering does not depend on how the
    /// input was batched.
    private func deadLetters(
        failures: [SourceFailure], rejections: [Rejection], originals: ArraySlice<IncomingRecord>, outputs: StepOutputs,
        inReadOrder: Bool
    ) async throws -> [OutgoingRecord] {
        guard !failures.isEmpty || !rejections.isEmpty else { return [] }
        let order: [SourcePosition: Int]? = inReadOrder
            ? Dictionary(
                originals.enumerated().map { (SourcePosition($0.element.topicPartition, offset: $0.element.offset), $0.offset) },
                uniquingKeysWith: { first, _ in first })
            : nil
        func rank(_ position: SourcePosition?) -> Int64 {
            guard let position else { return -1 }
            if let order { return order[position].map(Int64.init) ?? -1 }
            return position.topicPartition == partition ? position.offset : -1
        }
        try await outputs.router.route(failures, stage: outputs.stage)
        let failed = zip(failures.map { rank(SourcePosition($0.record.topicPartition, offset: $0.record.offset)) }, outputs.collector.drain())
        try await outputs.router.route(rejections, stage: outputs.stage, originals: Array(originals))
        let rejected = zip(rejections.map { rank($0.position) }, outputs.collector.drain())
        let letters = Array(failed) + Array(rejected)
        return letters.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
    }
}
