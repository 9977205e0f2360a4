import Logging
import Metrics
import ServiceLifecycle

/// Runs an ``Operator`` over a ``Transport`` inside one process (the ``InProcessTransport`` of `tickflow run`),
/// with one operator instance per input partition as ``PartitionedProcessor`` does on Kafka.
///
/// **Partitions and state.** The processor joins a consumer group on the partitioned input topics. The first
/// records of an input partition give it its own operator (made by the factory), restored from the partition's
/// ``PartitionSnapshot`` in the ``PartitionStateStore`` when there is one; records below the snapshot's offset
/// are skipped (their effect is in the state). Records of broadcast topics (``TopicDecodable/isBroadcast(topic:)``,
/// e.g. FX rates) are read by the group `<group>.broadcast` and applied to every partition's operator before the
/// partition's records of the same batch; an operator made later gets the broadcast history first (the newest
/// ``EmbeddedProcessorConfiguration/broadcastHistoryLimit`` records, which the broadcast group leaves uncommitted
/// so that a restarted processor has them too). The determinism story is Kafka's: per output
/// stream, an operator's output depends only on its partition's records in order and on the broadcast input.
///
/// **Output.** Each batch's outputs are sent to their topics (``TopicRoutedValue/topic``, the record key, the
/// value's headers) with the partition's ``OutputIdentity`` headers; records that do not decode and records the
/// operator refuses go to `dlq.<stage>` (``DeadLetterRouter``), numbered like outputs.
///
/// **Snapshots and restarts: at least once.** Snapshots are taken per partition, between batches and after the
/// batch's outputs are sent (``PartitionLifecycle``: periodically, and for every partition on graceful stop);
/// each holds the operator state together with the next input offset, written atomically by the store. Only then
/// are input offsets committed to the group — the snapshot's offsets, never further — so a processor joining the
/// group later (a restart) is handed each partition from its snapshot's offset, restores the snapshot and
/// replays the records after it. After a graceful stop nothing is replayed and the outputs continue exactly. After
/// a crash (the task running ``run()`` cancelled), the outputs of records after the last snapshot were already
/// sent and are sent again by the replay: at least once. The replayed outputs are identical, with the same
/// ``OutputIdentity`` (input partition and number in the output stream), so a reader that needs exactly once
/// drops a record whose identity it has seen; the market views need not, their updates are idempotent.
///
/// One processor per group: it handles the partitions the group hands it and is not told of reassignments.
/// Commits only at snapshots mean an in-process partition must hold what it receives between two snapshots (see
/// ``EmbeddedProcessorConfiguration/snapshots``). At the end of the input (every input topic sealed and read to
/// its end) every operator's ``Operator/finish(into:)`` is emitted, the partitions are snapshotted, and
/// ``run()`` returns.
///
/// Metrics: the stage's ``StageMetrics`` after every batch (records, outputs, backlog when the consumer is a
/// ``RecordBacklogReporting`` one, event-time lag), and dead letters by `DeadLetterRouter`.
public actor EmbeddedProcessor<Op: Operator> where Op.Input: TopicDecodable, Op.Output: TopicRoutedValue {
    /// The settings.
    public let configuration: EmbeddedProcessorConfiguration
    let transport: any Transport
    let store: any PartitionStateStore
    let makeOperator: @Sendable (TopicPartition) -> Op
    let logger: Logger
    let stageMetrics: StageMetrics
    let outputs: StepOutputs
    let stopSignal = StopSignal()
    let mailbox: BatchMailbox

    var lifecycle: PartitionLifecycle
    var tasks: [TopicPartition: PartitionTask<Op>] = [:]
    var broadcastHistory: [StreamRecord<Op.Input>] = []
    /// Per broadcast partition, the offset after the last record applied to every operator.
    var broadcastApplied: [TopicPartition: Int64] = [:]
    /// ``broadcastApplied`` when each input partition was last snapshotted.
    var broadcastAtSnapshot: [TopicPartition: [TopicPartition: Int64]] = [:]
    var broadcastCommitted: [TopicPartition: Int64] = [:]
    var clients: Clients?

    struct Clients: Sendable {
        let consumer: any RecordConsumer
        let broadcast: (any RecordConsumer)?
        let producer: any RecordProducer
        let backlog: (any RecordBacklogReporting)?
    }

    /// Input records of partitioned topics processed since ``run()`` started.
    public internal(set) var processedRecords = 0

    /// Creates a processor; nothing runs until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: group, topics, batching and snapshots.
    ///   - transport: where the input is read and the outputs and dead letters sent.
    ///   - store: where partition snapshots live (``FilePartitionStateStore`` for `tickflow run`).
    ///   - metrics: where the stage metrics and dead-letter counters are made; by default the bootstrapped system.
    ///   - logger: where restores and undecodable broadcast records are reported.
    ///   - makeOperator: a fresh operator for an input partition (its state is then restored from the snapshot).
    public init(
        configuration: EmbeddedProcessorConfiguration, transport: any Transport, store: any PartitionStateStore,
        metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger = Logger(label: "tickflow.embedded"),
        makeOperator: @escaping @Sendable (TopicPartition) -> Op
    ) {
        self.configuration = configuration
        self.transport = transport
        self.store = store
        self.logger = logger
        self.makeOperator = makeOperator
        stageMetrics = StageMetrics(stage: configuration.stage, group: configuration.group, factory: metrics)
        let collector = DeadLetterCollector()
        outputs = StepOutputs(
            stage: configuration.stage, allowedTopics: nil, router: DeadLetterRouter(producer: collector, metrics: metrics),
            collector: collector)
        lifecycle = PartitionLifecycle(configuration: configuration.snapshots)
        mailbox = BatchMailbox(broadcast: configuration.inputTopics.contains { Op.Input.isBroadcast(topic: $0) })
    }

    /// Stops gracefully: the batch in hand finishes, every partition is snapshotted and its offset committed, the
    /// consumers leave their groups and ``run()`` returns. Safe to call at any time, more than once.
    public nonisolated func stop() {
        stopSignal.fire()
        mailbox.close()
    }

    /// The input partitions this processor has operators for, sorted.
    public var ownedPartitions: [TopicPartition] { lifecycle.owned }

    // The tick processor is this runner's main client, in another module: see PartitionedProcessor.run().
    /// Runs until ``stop()``, the end of the input, or a fatal error.
    ///
    /// - Throws: ``StreamError`` for a transport or state-store failure or an operator's error (a restart resumes
    ///   from the snapshots), `CancellationError` when cancelled (like a crash: no snapshot).
    @_specialize(where Op == TickProcessor)
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilStopped()
        } onGracefulShutdown: {
            self.stop()
        }
    }

    private func runUntilStopped() async throws {
        let clients = try connect()
        self.clients = clients
        let readers = startReaders(clients)
        do {
            while !stopSignal.isFired, let delivery = try await mailbox.take() {
                try await process(delivery.records, broadcast: delivery.broadcast)
                if delivery.ended {
                    try await finishInput()
                    break
                }
            }
            try await stopReaders(readers)
            try Task.checkCancellation()
            try await perform(lifecycle.stopping())
        } catch {
            // Like a crash: nothing is snapshotted; the groups are left so that a restart is handed the partitions.
            for reader in readers { reader.cancel() }
            await close(clients)
            throw error
        }
        await close(clients)
    }

    private func connect() throws -> Clients {
        let partitioned = configuration.inputTopics.filter { !Op.Input.isBroadcast(topic: $0) }
        let broadcastTopics = configuration.inputTopics.filter { Op.Input.isBroadcast(topic: $0) }
        guard !partitioned.isEmpty else {
            throw StreamError(.configuration, "no partitioned input topic among \(configuration.inputTopics)")
        }
        let consumer = try transport.makeConsumer(group: configuration.group, topics: partitioned)
        let broadcast = broadcastTopics.isEmpty
            ? nil : try transport.makeConsumer(group: "\(configuration.group).broadcast", topics: broadcastTopics)
        return Clients(
            consumer: consumer, broadcast: broadcast, producer: try transport.makeProducer(),
            backlog: consumer as? any RecordBacklogReporting)
    }

    /// One task per consumer fetching its next batch while the loop processes the previous one.
    private func startReaders(_ clients: Clients) -> [Task<Void, Never>] {
        let mailbox = self.mailbox
        let maxRecords = configuration.maxBatchRecords
        func reader(_ consumer: any RecordConsumer, _ source: BatchMailbox.Source) -> Task<Void, Never> {
            Task.detached {
                do {
                    while let batch = try await consumer.nextBatch(maxRecords: maxRecords) {
                        try await mailbox.put(batch, from: source)
                    }
                    mailbox.finish(source, failure: nil)
                } catch is CancellationError {
                } catch {
                    mailbox.finish(source, failure: error)
                }
            }
        }
        return [reader(clients.consumer, .partitioned)] + (clients.broadcast.map { [reader($0, .broadcast)] } ?? [])
    }

    private func stopReaders(_ readers: [Task<Void, Never>]) async throws {
        for reader in readers { reader.cancel() }
        for reader in readers { await reader.value }
    }

    private func close(_ clients: Clients) async {
        self.clients = nil
        await clients.consumer.close()
        await clients.broadcast?.close()
    }

    /// The state key of an input partition.
    func stateKey(_ partition: TopicPartition) -> PartitionStateKey {
        PartitionStateKey(stage: configuration.stage, group: configuration.group, partition: partition)
    }
}

/// An ``EmbeddedProcessor`` runs in a `ServiceGroup`: graceful shutdown (SIGTERM, SIGINT) calls
/// ``EmbeddedProcessor/stop()``, which snapshots every partition before ``EmbeddedProcessor/run()`` returns.
extension EmbeddedProcessor: Service {}
