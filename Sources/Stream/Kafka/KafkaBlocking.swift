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

extension Duration {
    /// The duration in whole milliseconds, as librdkafka's timeouts take it.
    var kafkaMillis: Int32 {
        Int32(clamping: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
