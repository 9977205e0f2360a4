import Dispatch

/// Runs librdkafka calls that block (commit, flush, transactions, close) off the cooperative thread pool.
enum KafkaBlocking {
    private static let queue = DispatchQueue(label: "tickflow.kafka.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
