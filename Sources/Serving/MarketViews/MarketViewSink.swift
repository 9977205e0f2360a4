import Logging
import ServiceLifecycle
import Stream

/// Keeps the market views current from the stream: reads the view topics (``MarketViewUpdate/topics``), applies
/// each batch to a ``MarketViewStore`` in one pipelined write, then commits the batch's offsets.
///
/// Delivery is at least once and the views are idempotent (newest event time wins, a bar revision never goes
/// back), so a replay after a crash leaves them as an uninterrupted run would. While the store is unreachable
/// (Redis down) the batch is retried every ``Configuration/retryDelay`` and nothing is committed or dropped: the
/// views catch up when it returns. Records that don't decode go to `dlq.views` with the reason, are counted, and
/// are committed past. Its throughput and lag are the `views` stage's ``StageMetrics`` (backlog too, when the
/// consumer reports it).
public actor MarketViewSink: Service {
    /// How the sink batches and retries.
    public struct Configuration: Sendable {
        /// Most records per batch (default 2,000).
        public var maxBatch: Int
        /// Wait between attempts while the store is unavailable (default 250 ms).
        public var retryDelay: Duration
        /// The dead-letter stage: rejected records go to `dlq.<stage>` (default `views`).
        public var deadLetterStage: String

        /// Creates a configuration.
        public init(maxBatch: Int = 2_000, retryDelay: Duration = .milliseconds(250), deadLetterStage: String = "views") {
            self.maxBatch = maxBatch
            self.retryDelay = retryDelay
            self.deadLetterStage = deadLetterStage
        }
    }

    private let store: any MarketViewStore
    private let consumer: any RecordConsumer
    private let deadLetters: DeadLetterRouter?
    private let configuration: Configuration
    private let observer: (@Sendable ([MarketViewUpdate]) -> Void)?
    private let logger: Logger
    private let metrics: StageMetrics
    /// Updates written to the store.
    public private(set) var updatesApplied = 0
    /// Records sent to the dead-letter topic.
    public private(set) var recordsRejected = 0
    /// Write attempts that found the store unavailable.
    public private(set) var storeOutages = 0

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - deadLetters: where undecodable records go; without one they make ``run()`` throw.
    ///   - observer: told of every batch of updates once it is in the store (live-update fan-out).
    ///   - metrics: the stage's throughput and lag (stage `views` in the bootstrapped metrics system by default).
    public init(
        store: any MarketViewStore, consumer: any RecordConsumer, deadLetters: DeadLetterRouter?,
        configuration: Configuration = Configuration(), logger: Logger = Logger(label: "tickflow.views"),
        metrics: StageMetrics = StageMetrics(stage: "views"), observer: (@Sendable ([MarketViewUpdate]) -> Void)? = nil
    ) {
        self.store = store
        self.consumer = consumer
        self.deadLetters = deadLetters
        self.configuration = configuration
        self.logger = logger
        self.observer = observer
        self.metrics = metrics
    }

    /// Reads until the consumer closes (graceful shutdown closes it) or the task is cancelled.
    ///
    /// - Throws: transport errors; a ``ServingError`` for an undecodable record when there is no dead-letter router.
    public func run() async throws {
        let consumer = self.consumer
        try await withGracefulShutdownHandler {
            while let batch = try await consumer.nextBatch(maxRecords: configuration.maxBatch) {
                try await handle(batch)
            }
        } onGracefulShutdown: {
            Task { await consumer.close() }
        }
    }

    /// Decodes, applies (retrying while the store is away), dead-letters, and commits one batch.
    func handle(_ batch: [IncomingRecord]) async throws {
        var updates: [MarketViewUpdate] = []
        var failures: [SourceFailure] = []
        updates.reserveCapacity(batch.count)
        for record in batch {
            do {
                if let update = try MarketViewUpdate.decode(record) { updates.append(update) }
            } catch {
                failures.append(SourceFailure(record: record, reasonCode: "UNDECODABLE", reason: error.message))
            }
        }
        if !updates.isEmpty {
            try await applyRetrying(updates)
            updatesApplied += updates.count
            observer?(updates)
        }
        if !failures.isEmpty {
            guard let deadLetters else { throw ServingError(.validation, failures[0].reason) }
            try await deadLetters.route(failures, stage: configuration.deadLetterStage)
            try await deadLetters.flush()
            recordsRejected += failures.count
        }
        try await consumer.commitProcessed(batch)
        metrics.processed(records: batch.count, outputs: updates.count, newestEventNanos: updates.lazy.map(\.eventTimeNanos).max())
        if let backlog = consumer as? any RecordBacklogReporting { metrics.backlog(backlog.recordsBehind()) }
    }

    /// Applies updates, waiting out an unavailable store; other errors are thrown.
    private func applyRetrying(_ updates: [MarketViewUpdate]) async throws {
        while true {
            let failure: ServingError
            do {
                try await store.apply(updates)
                return
            } catch {
                failure = error
            }
            guard failure.code == .cacheUnavailable else { throw failure }
            storeOutages += 1
            if storeOutages == 1 || storeOutages % 40 == 0 {
                logger.warning("market views unavailable, retrying", metadata: ["error": "\(failure.message)", "attempts": "\(storeOutages)"])
            }
            try await Task.sleep(for: configuration.retryDelay)
        }
    }
}
