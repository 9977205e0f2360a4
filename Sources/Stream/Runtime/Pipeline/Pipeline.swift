import Logging
import Synchronization

/// Source → operators → sink, partitioned by key into parallel lanes, with checkpoints and dead-letter routing.
///
/// One reader task reads batches from the source, dead-letters records that fail to decode, splits each batch by
/// `murmur2(key) % lanes` and hands the parts to the lanes through bounded queues. Each lane owns a copy of the
/// operators and of the sink, so per-instrument state needs no lock and each key stays in order. Operator
/// rejections go to `dlq.<stage>`.
///
/// Checkpoints are aligned barriers: the coordinator puts a barrier behind everything dispatched in every lane,
/// together with the source positions of what was dispatched; each lane, on reaching it, flushes its sink and
/// snapshots its operators and sink; once all lanes have, the checkpoint is written and only then are the positions
/// committed at the source. On start, the pipeline restores the newest checkpoint and skips input before its
/// positions, so state and output are those of an uninterrupted run (see ``Sink`` for exactly-once output).
public final class Pipeline<Input: Source, Operators: Operator, Output: Sink>: Sendable
where Operators.Input == Input.Value, Output.Value == Operators.Output {
    /// The stage name: the `<stage>` of `dlq.<stage>` and the `stage` dimension of metrics.
    public let stage: String
    /// The settings.
    public let configuration: PipelineConfiguration
    let source: Input
    let operators: Operators
    let sink: Output
    let deadLetters: DeadLetterRouter
    let checkpoints: (any CheckpointStorage)?
    let logger: Logger
    let stopSignal = StopSignal()
    let control = Mutex<Control>(Control())

    struct Control: Sendable {
        var started = false
        var events: AsyncStream<PipelineEvent>.Continuation?
    }

    /// Creates a pipeline; nothing runs until ``run()``.
    ///
    /// - Parameters:
    ///   - stage: the stage name, used for the dead-letter topic and metrics.
    ///   - source: where records come from.
    ///   - operators: the operator chain (compose with ``Operator/then(_:)``); each lane gets a copy.
    ///   - sink: where output goes; each lane gets a copy, opened with its lane index.
    ///   - deadLetters: routes undecodable and rejected records.
    ///   - checkpoints: where checkpoints go; `nil` commits positions at each barrier without keeping state.
    ///   - configuration: lanes, batch sizes, bounds and checkpoint triggers.
    ///   - logger: where checkpoint failures and recoveries are reported.
    public init(
        stage: String, source: Input, operators: Operators, sink: Output, deadLetters: DeadLetterRouter,
        checkpoints: (any CheckpointStorage)?, configuration: PipelineConfiguration = .init(),
        logger: Logger? = nil
    ) {
        self.stage = stage
        self.source = source
        self.operators = operators
        self.sink = sink
        self.deadLetters = deadLetters
        self.checkpoints = checkpoints
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "tickflow.pipeline.\(stage)")
    }

    /// The body of ``run()``, outside the graceful-shutdown handler.
    func runUntilDone() async throws {
        try control.withLock { control in
            guard !control.started else { throw StreamError(.internal, "pipeline \(stage) can only run once") }
            control.started = true
        }
        let lanes = configuration.lanes
        let restored = try await checkpoints?.loadLatest()
        if let restored, restored.lanes.count != lanes {
            throw StreamError(
                .checkpoint, "checkpoint \(restored.id) of \(stage) has \(restored.lanes.count) lanes, the pipeline \(lanes)")
        }
        var laneOperators = Array(repeating: operators, count: lanes)
        var laneSinks = Array(repeating: sink, count: lanes)
        for lane in 0..<lanes {
            if let restored { try laneOperators[lane].restoreState(from: restored.lanes[lane].operatorState) }
            try await laneSinks[lane].open(lane: lane, restoring: restored?.lanes[lane].sinkState)
        }
        if let restored {
            logger.info("resuming from checkpoint", metadata: ["id": "\(restored.id)", "positions": "\(restored.positions)"])
        }
        let resumePositions = Dictionary(
            (restored?.positions ?? []).map { ($0.topicPartition, $0.offset) }, uniquingKeysWith: { max($0, $1) })
        let nextID = (restored?.id ?? 0) + 1

        let exchange = LaneExchange<Operators.Input>(lanes: lanes, laneCapacity: configuration.laneCapacity)
        let (events, continuation) = AsyncStream.makeStream(of: PipelineEvent.self)
        control.withLock { $0.events = continuation }
        defer { control.withLock { $0.events = nil } }
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for lane in 0..<lanes {
                    let laneOperator = laneOperators[lane]
                    let laneSink = laneSinks[lane]
                    group.addTask {
                        try await self.runLane(lane, operators: laneOperator, sink: laneSink, exchange: exchange, events: continuation)
                        return false
                    }
                }
                group.addTask {
                    try await self.coordinate(events: events, continuation: continuation, exchange: exchange, nextID: nextID)
                    return true
                }
                group.addTask {
                    let endOfInput = try await self.read(into: exchange, skippingBefore: resumePositions, events: continuation)
                    continuation.yield(.inputEnded(endOfInput: endOfInput))
                    return false
                }
                if let interval = configuration.checkpointInterval {
                    group.addTask {
                        while (try? await Task.sleep(for: interval)) != nil {
                            continuation.yield(.checkpointRequested(nil))
                        }
                        return false
                    }
                }
                while let coordinatorDone = try await group.next() {
                    // The coordinator ends last, once every lane has finished: only the timer is left.
                    if coordinatorDone { group.cancelAll() }
                }
            }
        } catch {
            await source.close()
            throw error
        }
        await source.close()
    }

    /// Takes a checkpoint now and waits until it is durable and its positions committed.
    ///
    /// - Returns: the checkpoint id.
    /// - Throws: ``StreamError`` `.closed` if the pipeline is not running, `.checkpoint` if the checkpoint failed.
    @discardableResult
    public func checkpoint() async throws -> UInt64 {
        guard let events = control.withLock({ $0.events }) else {
            throw StreamError(.closed, "pipeline \(stage) is not running")
        }
        return try await withCheckedThrowingContinuation { continuation in
            if case .terminated = events.yield(.checkpointRequested(continuation)) {
                continuation.resume(throwing: StreamError(.closed, "pipeline \(stage) is not running"))
            }
        }
    }

    /// Stops gracefully: reading stops, queued batches are processed, a final checkpoint is written, sinks flush,
    /// and ``run()`` returns. Returns at once; safe to call more than once or before ``run()``.
    public func stop() {
        stopSignal.fire()
    }
}
