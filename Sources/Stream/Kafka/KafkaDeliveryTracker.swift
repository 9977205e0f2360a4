import Synchronization

/// Matches delivery reports to the `send` calls waiting for them.
///
/// Each record carries an opaque of (batch id << 32 | index) so a report finds its batch without a lookup
/// by topic; the poll thread completes batches, and the sending task resumes once its last record is reported.
final class KafkaDeliveryTracker: Sendable {
    struct Report {
        var opaque: UInt
        var partition: Int32
        var offset: Int64
        var error: KafkaErrorCode?
    }

    private struct Batch {
        var topics: [String]
        var offsets: [TopicPartitionOffset?]
        var remaining: Int
        var firstError: StreamError?
        var continuation: CheckedContinuation<[TopicPartitionOffset], any Error>?
    }

    private struct State {
        var nextBatchId: UInt32 = 1
        var batches: [UInt32: Batch] = [:]
    }

    private let state = Mutex(State())

    /// Registers a batch of records and returns its id.
    func register(topics: [String]) -> UInt32 {
        state.withLock { state in
            let id = state.nextBatchId
            state.nextBatchId = state.nextBatchId == UInt32.max ? 1 : state.nextBatchId + 1
            state.batches[id] = Batch(
                topics: topics, offsets: Array(repeating: nil, count: topics.count), remaining: topics.count)
            return id
        }
    }

    static func opaque(batch: UInt32, index: Int) -> UInt { UInt(batch) << 32 | UInt(UInt32(index)) }

    /// Records that some records were never enqueued (a local error): they will get no report.
    func abandon(batch id: UInt32, count: Int, error: StreamError) {
        let resume = state.withLock { state in complete(&state, id: id, count: count, error: error) }
        resume?()
    }

    /// Applies the reports of one delivery-report event.
    ///
    /// Reports of one event mostly belong to one batch: each run of them takes the batch out of the table once,
    /// rather than looking it up (and copying its bookkeeping) per report.
    func deliver(_ reports: [Report]) {
        var resumes: [() -> Void] = []
        state.withLock { state in
            var start = 0
            while start < reports.count {
                let id = UInt32(truncatingIfNeeded: reports[start].opaque >> 32)
                var end = start + 1
                while end < reports.count, UInt32(truncatingIfNeeded: reports[end].opaque >> 32) == id { end += 1 }
                defer { start = end }
                guard var batch = state.batches.removeValue(forKey: id) else { continue }
                for report in reports[start..<end] {
                    let index = Int(UInt32(truncatingIfNeeded: report.opaque))
                    guard index < batch.topics.count else { continue }
                    let topic = batch.topics[index]
                    if let code = report.error {
                        if batch.firstError == nil {
                            batch.firstError = StreamError(
                                .delivery, "record \(index) of the batch to \(topic)[\(report.partition)] failed: \(code)",
                                underlying: code, kafkaErrorCode: code.rawValue)
                        }
                    } else {
                        batch.offsets[index] = TopicPartitionOffset(topic: topic, partition: report.partition, offset: report.offset)
                    }
                    batch.remaining -= 1
                }
                if let resume = Self.finish(batch, id: id, in: &state) { resumes.append(resume) }
            }
        }
        resumes.forEach { $0() }
    }

    /// Waits until every record of the batch is reported; returns their offsets or throws the first failure.
    func wait(batch id: UInt32) async throws -> [TopicPartitionOffset] {
        try await withCheckedThrowingContinuation { continuation in
            let resume = state.withLock { state -> (() -> Void)? in
                guard let batch = state.batches[id] else {
                    return { continuation.resume(throwing: StreamError(.internal, "delivery batch \(id) is unknown or was already awaited")) }
                }
                if batch.remaining == 0 {
                    state.batches[id] = nil
                    return { Self.resume(continuation, with: batch) }
                }
                state.batches[id]?.continuation = continuation
                return nil
            }
            resume?()
        }
    }

    /// Whether any batch still waits for reports.
    var hasPending: Bool { state.withLock { !$0.batches.isEmpty } }

    private func complete(_ state: inout State, id: UInt32, count: Int, error: StreamError?) -> (() -> Void)? {
        guard var batch = state.batches.removeValue(forKey: id) else { return nil }
        batch.remaining -= count
        if batch.firstError == nil, let error { batch.firstError = error }
        return Self.finish(batch, id: id, in: &state)
    }

    /// Puts an unfinished batch back; a finished one with a waiting sender is returned as the resumption to run
    /// outside the lock.
    private static func finish(_ batch: Batch, id: UInt32, in state: inout State) -> (() -> Void)? {
        guard batch.remaining <= 0, let continuation = batch.continuation else {
            state.batches[id] = batch
            return nil
        }
        return { resume(continuation, with: batch) }
    }

    private static func resume(
        _ continuation: CheckedContinuation<[TopicPartitionOffset], any Error>, with batch: Batch
    ) {
        if let error = batch.firstError {
            continuation.resume(throwing: error)
        } else {
            continuation.resume(returning: batch.offsets.compactMap { $0 })
        }
    }
}
