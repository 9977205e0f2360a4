import Logging
import Metrics
import ServiceLifecycle

/// Runs an ``Operator`` over Kafka topics with one operator instance per task — an owned input partition, or one
/// partition number across co-partitioned topics — exactly-once results, and state that moves with its task.
///
/// **Partitions and state.** The processor joins a consumer group on the partitioned input topics. Each task gets
/// its own operator (made by the factory), so an operator's state is exactly one task's state: on revocation it is
/// snapshotted (``PartitionSnapshot``: operator state, next input offsets, output numbering, output positions) into
/// a ``PartitionStateStore`` and the task is released; whoever is assigned the task next loads that snapshot,
/// restores the operator, and starts reading each partition at the snapshot's offset
/// (``KafkaRebalanceHandler/startPositions``). Snapshots are also taken periodically (``PartitionLifecycle``) and
/// on graceful stop. Records of broadcast topics (``TopicDecodable/isBroadcast(topic:)``, e.g. FX rates) are read
/// whole by every processor outside the group and applied to every task's operator, a new one getting the
/// history first; operators apply them idempotently.
///
/// **Tasks.** By default a task is one topic-partition. With ``PartitionedProcessorConfiguration/coPartitioned``,
/// a task is one partition number across the partitioned input topics (``CoPartitioning``: e.g. `bars.1m/2` and
/// `market-data.top-of-book/2`, both keyed by instrument with the same partitioner and partition count, so one
/// operator sees an instrument's bars and books). Its key — the first topic's partition — names its state and is the
/// source of its outputs' identities, stable across restarts. The group uses the `range` assignor, which hands a
/// member the same numbers of every topic; an assignment that splits a number fails the run with a
/// `.configuration` error (it cannot happen with `range` and equal counts, which connect checks). A task's records
/// go through a ``CoPartitionMerge``: held per partition and released as a merge by event time, the operator
/// seeing one sequence that depends on the partitions' logs alone; its snapshot holds each partition's next offset
/// past the records released (held ones are read again after a restore).
///
/// **Output.** Each batch's outputs and dead letters are produced in one Kafka transaction together with the
/// input offsets (`sendOffsetsToTransaction`). A large batch's transaction completes while the next batch is read
/// and processed; the next transaction begins once it has committed. Every output carries its ``OutputIdentity``: the
/// task's input partition (key) and its number in its output stream (destination topic + key) for that task, kept in
/// the task's state.
///
/// **Why the result is exactly-once, on a real cluster and on librdkafka's mock.** Let S be the last snapshot of a
/// task T: state after input offsets `< S`'s next offsets (one per partition of T), stream counters, and for every
/// output partition an offset below anything written after S (snapshots are taken between batches, after the
/// batch's outputs are acknowledged, so the counters and offsets cover exactly what was produced). After a crash (or
/// a revocation without a final snapshot, which cannot happen gracefully) T resumes from S: the operator is
/// deterministic per stream given T's input sequence and the broadcast input, so replaying from S's offsets
/// regenerates the same outputs with the same identities. Before replaying, the processor reads every output
/// partition from S's offsets to its end and collects the identities written for T; a regenerated output whose
/// identity is among them is counted and not sent. Every output after S is therefore written once: either it was
/// written before the crash (and found), or it is written by the replay. On a real cluster, transactions already
/// make a batch all-or-nothing and the read-back is `read_committed`, so aborted outputs are regenerated; on the
/// mock (no transaction markers, no transactional offsets, no fencing) the read-back alone gives the guarantee,
/// including for a batch cut off half-way. The one condition is determinism: per output stream, the operator must
/// emit the same values in the same order however the input is batched and whenever broadcast records arrive
/// relative to the task's records (or at least whenever they arrive before they are needed). For a one-partition
/// task the input sequence is the partition's log. For a co-partitioned task it is the ``CoPartitionMerge`` of its
/// partitions' logs from S's offsets, which is the same sequence the crashed run processed after S — *provided no
/// record after S was released by idling out of order*: a record goes while another partition of the task has
/// nothing only after waiting ``PartitionedProcessorConfiguration/coPartitionMaxIdle``, so the order can depend on
/// timing only where a partition lagged the others by more than that (then a replay may interleave differently,
/// and an output depending on the interleaving may differ or be numbered differently). For the per-instrument
/// analytics stage, a book only updates the spread and crossed state that the instrument's *next* bar's anomaly
/// score reads; so the condition is that bars reach the processor less than the idle time after the books of
/// their window end (bars are published after the tick processor's allowed lateness: the idle time must exceed
/// it), and that books do not lag the bars by more than the idle time.
///
/// Cancelling the task running ``run()`` stops at once, like `kill -9`: no snapshot, no flush, an open
/// transaction left open. ``stop()`` (graceful shutdown as a `Service`) finishes the batch, snapshots every
/// task, and closes the clients.
public actor PartitionedProcessor<Op: Operator> where Op.Input: TopicDecodable, Op.Output: TopicRoutedValue {
    /// The settings.
    public let configuration: PartitionedProcessorConfiguration
    let makeOperator: @Sendable (TopicPartition) -> Op
    let store: any PartitionStateStore
    let logger: Logger
    let stopSignal = StopSignal()
    let outputTopics: Set<String>
    let stageMetrics: StageMetrics

    var lifecycle: PartitionLifecycle
    /// The tasks, by input partition or co-partitioned task key.
    var tasks: [TopicPartition: PartitionTask<Op>] = [:]
    /// How partitions group into tasks when ``PartitionedProcessorConfiguration/coPartitioned``; set at connect.
    var coPartitioning: CoPartitioning?
    let coPartitionMaxIdleNanos: Int64
    var broadcastHistory: [StreamRecord<Op.Input>] = []
    /// Per output partition, an offset at or below where the next record will land.
    var outputEnds: [TopicPartition: Int64] = [:]
    /// The batch being sent while the next one is processed.
    var inFlight: BatchInFlight?
    var clients: Clients?

    struct Clients: Sendable {
        let consumer: KafkaConsumer
        let broadcast: KafkaConsumer?
        let producer: KafkaProducer
        let transactions: KafkaTransactionalProducer?
    }

    /// Creates a processor; nothing runs until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: brokers, group, topics and batching.
    ///   - store: where partition snapshots live.
    ///   - logger: where assignments, restores and snapshots are reported.
    ///   - makeOperator: a fresh operator for a task, given its input partition or key (its state is then restored
    ///     from the snapshot).
    public init(
        configuration: PartitionedProcessorConfiguration, store: any PartitionStateStore,
        logger: Logger = Logger(label: "tickflow.processing"),
        makeOperator: @escaping @Sendable (TopicPartition) -> Op
    ) {
        self.configuration = configuration
        self.store = store
        var logger = logger
        logger[metadataKey: "instance"] = "\(configuration.instanceID)"
        self.logger = logger
        self.makeOperator = makeOperator
        lifecycle = PartitionLifecycle(configuration: configuration.snapshots)
        outputTopics = Set(configuration.allOutputTopics)
        stageMetrics = StageMetrics(stage: configuration.stage, group: configuration.group)
        let idle = configuration.coPartitionMaxIdle.components
        coPartitionMaxIdleNanos = idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000
    }

    /// Stops gracefully: the current batch finishes, every partition is snapshotted, the clients close and
    /// ``run()`` returns. Safe to call at any time, more than once.
    public nonisolated func stop() {
        stopSignal.fire()
    }

    /// The partitions (co-partitioned: the task keys) this processor owns now, sorted.
    public var ownedPartitions: [TopicPartition] { lifecycle.owned }

    /// Every input partition this processor owns now, sorted (for co-partitioned tasks, each task's partitions).
    public var ownedInputPartitions: [TopicPartition] {
        guard let coPartitioning else { return lifecycle.owned }
        return lifecycle.owned.flatMap(coPartitioning.members(of:)).sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Input records (of partitioned topics) processed and sent since ``run()`` started.
    public internal(set) var processedRecords = 0

    // The tick processor is this runner's main client, in another module, which would otherwise run the runner's
    // unspecialised generic code (every record and output handled through witness tables); the generic entry point
    // branches to this copy when `Op` is `TickProcessor`.
    /// Runs until ``stop()`` or a fatal error.
    ///
    /// - Throws: ``StreamError`` for a client, transaction or state-store failure (restarting resumes from the
    ///   snapshots, exactly-once), `CancellationError` when cancelled.
    @_specialize(where Op == TickProcessor)
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilStopped()
        } onGracefulShutdown: {
            self.stop()
        }
    }

    private func runUntilStopped() async throws {
        let clients = try await connect()
        self.clients = clients
        do {
            while !stopSignal.isFired {
                try Task.checkCancellation()
                guard let records = try await clients.consumer.read(
                    maxRecords: configuration.maxBatchRecords, timeout: configuration.pollTimeout)
                else { break }
                var broadcast: [IncomingRecord] = []
                if let reader = clients.broadcast {
                    broadcast = try await reader.read(maxRecords: configuration.maxBatchRecords, timeout: .zero) ?? []
                }
                try await process(records, broadcast: broadcast, clients: clients)
            }
            try Task.checkCancellation()
            try await perform(lifecycle.stopping())
        } catch {
            // Like a crash: nothing is snapshotted or flushed; only the group is left, so that the partitions go to
            // the others now rather than after the session times out.
            await abandonInFlight()
            await clients.consumer.close()
            await clients.broadcast?.close()
            self.clients = nil
            throw error
        }
    }

    /// Closes the clients after the final snapshots: the group is left, the producer flushed.
    func closeClients() async throws {
        guard let clients else { return }
        self.clients = nil
        await clients.consumer.close()
        await clients.broadcast?.close()
        if let transactions = clients.transactions { try await transactions.close() } else { try await clients.producer.close() }
    }

    // MARK: - Setup

    private func connect() async throws -> Clients {
        let admin = try KafkaAdmin(bootstrapServers: configuration.bootstrapServers, additionalProperties: configuration.additionalProperties)
        let metadata = Dictionary(try await admin.topics().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func partitions(of topics: [String]) throws -> [TopicPartition] {
            try topics.flatMap { topic -> [TopicPartition] in
                guard let topicMetadata = metadata[topic], topicMetadata.error == nil, !topicMetadata.partitions.isEmpty else {
                    throw StreamError(.topicDefinition, "topic \(topic) does not exist on \(configuration.bootstrapServers)")
                }
                return topicMetadata.partitions.map { TopicPartition(topic: topic, partition: $0.id) }
            }
        }
        let broadcastTopics = configuration.inputTopics.filter { Op.Input.isBroadcast(topic: $0) }
        let partitionedTopics = configuration.inputTopics.filter { !Op.Input.isBroadcast(topic: $0) }
        guard !partitionedTopics.isEmpty else {
            throw StreamError(.configuration, "no partitioned input topic among \(configuration.inputTopics)")
        }
        if configuration.coPartitioned {
            let coPartitioning = try CoPartitioning(topics: partitionedTopics)
            try coPartitioning.check(partitionCounts: Dictionary(
                try partitionedTopics.map { ($0, try partitions(of: [$0]).count) }, uniquingKeysWith: { first, _ in first }))
            self.coPartitioning = coPartitioning
        } else {
            _ = try partitions(of: partitionedTopics)
        }

        var readerConfiguration = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers)
        readerConfiguration.additionalProperties = configuration.additionalProperties
        let reader = try KafkaConsumer(configuration: readerConfiguration)
        outputEnds = Dictionary(
            try await reader.endOffsets(try partitions(of: configuration.allOutputTopics)).map { ($0.topicPartition, $0.offset) },
            uniquingKeysWith: max)
        var broadcast: KafkaConsumer?
        if !broadcastTopics.isEmpty {
            let broadcastPartitions = try partitions(of: broadcastTopics)
            try reader.assign(broadcastPartitions.map { TopicPartitionOffset($0, offset: KafkaConsumer.beginning) })
            // The side input as it is now goes first, so that partitions start with it in their operators.
            var history: [IncomingRecord] = []
            try await reader.readToEnd(try await reader.endOffsets(broadcastPartitions)) { history += $0 }
            broadcastHistory = decodeBroadcast(history)
            broadcast = reader
        } else {
            await reader.close()
        }

        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: configuration.bootstrapServers)
        producerConfiguration.lingerMillis = configuration.lingerMillis
        producerConfiguration.additionalProperties = configuration.additionalProperties
        var transactions: KafkaTransactionalProducer?
        let producer: KafkaProducer
        if configuration.transactional {
            producerConfiguration.transactionalId = "tickflow-\(configuration.stage)-\(configuration.group)-\(configuration.instanceID)"
            let transactional = try KafkaTransactionalProducer(configuration: producerConfiguration)
            try await transactional.initTransactions()
            transactions = transactional
            producer = transactional.producer
        } else {
            producer = try KafkaProducer(configuration: producerConfiguration)
        }

        var consumerConfiguration = KafkaConsumerConfiguration(
            bootstrapServers: configuration.bootstrapServers, groupId: configuration.group)
        consumerConfiguration.additionalProperties = configuration.additionalProperties
        // Range gives every member the same partition numbers of each topic (equal counts): whole tasks.
        if configuration.coPartitioned { consumerConfiguration.assignmentStrategy = "range" }
        let handler = KafkaRebalanceHandler(
            revoking: { partitions in try await self.revoke(partitions) },
            startPositions: { partitions in try await self.assign(partitions) })
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceHandler: handler, logger: logger)
        try consumer.subscribe(topics: partitionedTopics)
        return Clients(consumer: consumer, broadcast: broadcast, producer: producer, transactions: transactions)
    }

    func decodeBroadcast(_ records: [IncomingRecord]) -> [StreamRecord<Op.Input>] {
        StreamRecord.decodingBroadcast(records, logger: logger)
    }
}
