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
    func deliver(_ reports: [Report]) {
        var resumes: [() -> Void] = []
        state.withLock { state in
            for report in reports {
                let id = UInt32(truncatingIfNeeded: report.opaque >> 32)
                let index = Int(UInt32(truncatingIfNeeded: report.opaque))
                // Only the topics are bound: a copy of the batch would share `offsets` and make each write below
                // copy the whole array.
                guard let topics = state.batches[id]?.topics, index < topics.count else { continue }
                let topic = topics[index]
                var error: StreamError?
                if let code = report.error {
                    error = StreamError(
                        .delivery, "record \(index) of the batch to \(topic)[\(report.partition)] failed: \(code)",
                        underlying: code, kafkaErrorCode: code.rawValue)
                } else {
                    state.batches[id]?.offsets[index] = TopicPartitionOffset(
                        topic: topic, partition: report.partition, offset: report.offset)
                }
                if let resume = complete(&state, id: id, count: 1, error: error) { resumes.append(resume) }
            }
        }
        resumes.forEach { $0() }
    }

    /// Waits until every record of the batch is reported; returns their offsets or throws the first failure.
    func wait(batch id: UInt32) async throws -> [TopicPartitionOffset] {
        try await withCheckedThrowingContinuation { continuation in
            let resume = state.withLock { state -> (() -> Void)? in
                guard let batch = state.batches[id] else { return nil }
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
        guard var batch = state.batches[id] else { return nil }
        batch.remaining -= count
        if batch.firstError == nil, let error { batch.firstError = error }
        guard batch.remaining <= 0, let continuation = batch.continuation else {
            state.batches[id] = batch
            return nil
        }
        state.batches[id] = nil
        return { Self.resume(continuation, with: batch) }
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
