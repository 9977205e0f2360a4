import CRdKafka
import Logging

/// A producer whose records, and the consumer offsets they derive from, become visible atomically.
///
/// The read-process-write loop of an exactly-once stage: read a batch, `beginTransaction`, send the outputs,
/// ``sendOffsetsToTransaction(_:groupMetadata:timeout:)`` with the positions after the batch,
/// `commitTransaction`. If the process dies in between, the transaction is aborted by the next instance with the
/// same `transactional.id`, read_committed consumers never see its records, and the input is read again from
/// the last committed offsets. ``withTransaction(timeout:_:)`` packages that loop body.
public final class KafkaTransactionalProducer: Sendable {
    /// The underlying producer; `send` and `deliver` work inside a transaction.
    public let producer: KafkaProducer

    /// Creates a transactional producer; call ``initTransactions(timeout:)`` before the first transaction.
    ///
    /// - Throws: ``StreamError`` (`.configuration`) if `transactionalId` is not set or a setting is rejected.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "tickflow.kafka.txn")) throws {
        guard configuration.transactionalId != nil else {
            throw StreamError(.configuration, "a transactional producer needs transactionalId")
        }
        producer = try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// Registers the transactional id with its coordinator, fencing older instances and aborting what they left open.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws {
        try await call("init transactions") { rd_kafka_init_transactions($0, timeout.kafkaMillis) }
    }

    /// Starts a transaction; records sent from now on belong to it.
    public func beginTransaction() throws {
        if let error = rd_kafka_begin_transaction(producer.handle.pointer) {
            throw StreamError.consuming(error, code: .transaction, "begin transaction")
        }
    }

    /// Sends records within the current transaction.
    public func send(_ records: [OutgoingRecord]) async throws {
        try await producer.send(records)
    }

    /// Adds consumer positions to the transaction: they are committed if, and only if, it commits.
    public func sendOffsetsToTransaction(
        _ offsets: [TopicPartitionOffset], groupMetadata: KafkaConsumerGroupMetadata, timeout: Duration = .seconds(30)
    ) async throws {
        guard !offsets.isEmpty else { return }
        try await call("send offsets to transaction") { handle in
            let list = KafkaPartitionList(offsets)
            return withExtendedLifetime(groupMetadata) {
                rd_kafka_send_offsets_to_transaction(handle, list.pointer, groupMetadata.pointer, timeout.kafkaMillis)
            }
        }
    }

    /// Flushes and commits the transaction.
    ///
    /// - Throws: ``StreamError`` (`.transaction`); if `transactionRequiresAbort`, call ``abortTransaction(timeout:)``.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws {
        try await call("commit transaction") { rd_kafka_commit_transaction($0, timeout.kafkaMillis) }
    }

    /// Aborts the transaction: its records are marked aborted and never reach read_committed consumers.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws {
        try await call("abort transaction") { rd_kafka_abort_transaction($0, timeout.kafkaMillis) }
    }

    /// Runs `body` in a transaction: begins, commits on return, aborts if `body` or the commit throws.
    ///
    /// - Returns: what `body` returned, once the transaction is committed.
    /// - Throws: the error of `body` or of the commit, after the abort.
    public func withTransaction<T: Sendable>(
        timeout: Duration = .seconds(30), _ body: (KafkaTransactionalProducer) async throws -> T
    ) async throws -> T {
        try beginTransaction()
        do {
            let result = try await body(self)
            try await commitTransaction(timeout: timeout)
            return result
        } catch {
            if let streamError = error as? StreamError, streamError.isFatal { throw error }
            try await abortTransaction(timeout: timeout)
            throw error
        }
    }

    /// Flushes and closes the producer.
    public func close(timeout: Duration = .seconds(30)) async throws {
        try await producer.close(timeout: timeout)
    }

    private func call(_ action: String, _ body: @escaping @Sendable (OpaquePointer) -> OpaquePointer?) async throws {
        let handle = producer.handle
        try await KafkaBlocking.run {
            if let error = body(handle.pointer) { throw StreamError.consuming(error, code: .transaction, action) }
        }
    }
}
