import Logging
import Model
import Serving
import ServiceLifecycle
import Stream
import Warehouse

/// The embedded pipeline of `tickflow run` and of the `tick-to-api` benchmark, in one process:
///
/// raw topics (``TickInput/marketTopics``, ``TickInput/fxTopic``) on an ``InProcessTransport`` →
/// ``EmbeddedProcessor`` running the ``TickProcessor`` (validate → enrich → aggregate; snapshots in
/// `stateDirectory`) → `market-data.enriched`, `market-data.top-of-book`, `bars.*`, `dlq.*` →
/// ``MarketViewSink`` into ``InMemoryMarketViewStore`` views (``market``, what the API answers from), each
/// applied batch published to ``live`` (the API's live streams) and counted in ``progress``.
///
/// Whoever runs it feeds the raw topics (``SimulatorFeed``, or the benchmark's probes) and serves ``market`` and
/// ``live`` (``EmbeddedAPI``); ``warehouseSink(root:)`` adds the warehouse.
struct EmbeddedTopology: Sendable {
    /// Partitions of every partitioned topic (the FX topic has one).
    static let partitions = 6
    /// What the stream stage writes, declared up front.
    static let streamOutputs =
        [TickInput.enrichedTopic, TickOutput.topOfBookTopic, TickProcessor.lateTopic, DeadLetterRouter.topic(forStage: "stream")]
        + BarInterval.allCases.map(\.topic)
    /// What the warehouse stores of the embedded run: raw events, FX rates, tops of book and bars.
    static let warehouseTopics = TickInput.marketTopics + [TickInput.fxTopic, TickOutput.topOfBookTopic] + BarInterval.allCases.map(\.topic)

    let transport: InProcessTransport
    let processor: EmbeddedProcessor<TickProcessor>
    let views: InMemoryMarketViewStore
    let viewSink: MarketViewSink
    let live: LiveUpdates
    let progress = PipelineProgress()

    /// The market data the API serves: the views this topology keeps current.
    var market: MarketData { MarketData(views: views) }

    /// Builds the topology; nothing runs until its ``services`` do.
    ///
    /// - Parameters:
    ///   - master: the instrument master the tick processor enriches with.
    ///   - stateDirectory: where the stream stage's partition snapshots live; a restart restores them.
    ///   - snapshots: when the stream stage snapshots its partitions.
    ///   - logger: where the stages log.
    /// - Throws: ``StreamError`` if the state directory cannot be created.
    init(
        master: InstrumentMaster, stateDirectory: String,
        snapshots: PartitionLifecycle.Configuration = .init(snapshotEveryRecords: 20_000, snapshotIntervalNanos: 5_000_000_000),
        logger: Logger
    ) throws {
        transport = InProcessTransport(configuration: .init(defaultPartitionCount: Self.partitions, partitionCapacity: 50_000))
        for topic in TickInput.marketTopics + Self.streamOutputs { try transport.declareTopic(topic, partitions: Self.partitions) }
        try transport.declareTopic(TickInput.fxTopic, partitions: 1)

        var configuration = EmbeddedProcessorConfiguration(inputTopics: TickInput.marketTopics + [TickInput.fxTopic])
        configuration.snapshots = snapshots
        // The in-process logs start again from offset 0 on every run; the snapshots carry the state over.
        configuration.inputIsEphemeral = true
        processor = EmbeddedProcessor(
            configuration: configuration, transport: transport, store: try FilePartitionStateStore(directory: stateDirectory), logger: logger
        ) { _ in
            TickProcessor(configuration: TickProcessorConfiguration(), instruments: master)
        }

        views = InMemoryMarketViewStore()
        let live = LiveUpdates()
        self.live = live
        let progress = self.progress
        viewSink = MarketViewSink(
            store: views, consumer: try transport.makeConsumer(group: "views", topics: MarketViewUpdate.topics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), logger: logger,
            observer: { updates in
                live.publish(updates)
                progress.applied(updates)
            })
    }

    /// The pipeline's own services: the stream stage and the views sink (the live hub runs with the API, after it).
    var services: [any Service] { [processor, viewSink] }

    /// The warehouse sink of the run: raw events, FX rates, tops of book and bars into `root`.
    ///
    /// - Throws: ``WarehouseError`` if the warehouse cannot be opened.
    func warehouseSink(root: String) throws -> WarehouseSinkService {
        // In-process logs restart at offset 0: a per-run namespace keeps the sink from skipping new records.
        var configuration = WarehouseSinkConfiguration()
        configuration.offsetNamespace = "run-\(UInt64.random(in: 0...UInt64.max))/"
        return try WarehouseSinkService(
            store: try WarehouseStore(root: root), consumer: try transport.makeConsumer(group: "warehouse", topics: Self.warehouseTopics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), configuration: configuration)
    }
}
