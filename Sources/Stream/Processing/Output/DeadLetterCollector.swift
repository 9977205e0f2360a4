import Synchronization

/// A ``RecordProducer`` that keeps what it is sent: the processor lets ``DeadLetterRouter`` build and count dead
/// letters into it, then sends them, numbered like any output, inside the batch's transaction.
final class DeadLetterCollector: RecordProducer {
    private let records = Mutex<[OutgoingRecord]>([])

    func send(_ records: [OutgoingRecord]) async throws {
        self.records.withLock { $0 += records }
    }

    func flush(timeout: Duration) async throws {}

    /// The records sent since the last call.
    func drain() -> [OutgoingRecord] {
        records.withLock { records in
            defer { records = [] }
            return records
        }
    }
}
