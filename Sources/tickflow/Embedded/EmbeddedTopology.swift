import Analytics
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
/// the analytics stages (``InstrumentAnalyticsStage`` over `bars.<interval>` → `analytics.universe-bars` →
/// ``PortfolioRiskStage`` with the `portfolios.holdings` side input; both → `analytics.risk`, `analytics.anomalies`)
/// → ``MarketViewSink`` into ``InMemoryMarketViewStore`` views (``market``, what the API answers from), each applied
/// batch published to ``live`` (the API's live streams) and counted in ``progress``.
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
    /// What the analytics stages write (partitioned like the stream's outputs).
    static let analyticsOutputs = [AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic, DeadLetterRouter.topic(forStage: analyticsStage)]
    static let analyticsStage = "analytics"
    /// The warehouse sink's consumer group.
    static let warehouseGroup = "warehouse"

    /// The instruments the stages know.
    let master: InstrumentMaster
    let transport: InProcessTransport
    let processor: EmbeddedProcessor<TickProcessor>
    /// The per-instrument analytics stage.
    let instrumentAnalytics: EmbeddedProcessor<InstrumentAnalyticsStage>
    /// The portfolio-risk stage, one lane over the universe's bars.
    let portfolioAnalytics: EmbeddedProcessor<PortfolioRiskStage>
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
    ///   - stateDirectory: where the stages' partition snapshots live (`stream/` and `analytics/` in it); a restart
    ///     restores them.
    ///   - analytics: the analytics stages' settings (their bar interval, seeded portfolios come from the holdings
    ///     topic).
    ///   - snapshots: when the stages snapshot their partitions.
    ///   - logger: where the stages log.
    /// - Throws: ``StreamError`` if a state directory cannot be created, ``AnalyticsError`` for invalid settings.
    init(
        master: InstrumentMaster, stateDirectory: String, analytics: AnalyticsConfiguration = AnalyticsConfiguration(interval: .oneSecond),
        snapshots: PartitionLifecycle.Configuration = .init(snapshotEveryRecords: 20_000, snapshotIntervalNanos: 5_000_000_000),
        logger: Logger
    ) throws {
        self.master = master
        transport = InProcessTransport(configuration: .init(defaultPartitionCount: Self.partitions, partitionCapacity: 50_000))
        for topic in TickInput.marketTopics + Self.streamOutputs + Self.analyticsOutputs {
            try transport.declareTopic(topic, partitions: Self.partitions)
        }
        for topic in [TickInput.fxTopic, AnalyticsInput.universeTopic, AnalyticsInput.holdingsTopic] {
            try transport.declareTopic(topic, partitions: 1)
        }

        var configuration = EmbeddedProcessorConfiguration(inputTopics: TickInput.marketTopics + [TickInput.fxTopic])
        configuration.snapshots = snapshots
        // The in-process logs start again from offset 0 on every run; the snapshots carry the state over.
        configuration.inputIsEphemeral = true
        processor = EmbeddedProcessor(
            configuration: configuration, transport: transport, store: try FilePartitionStateStore(directory: "\(stateDirectory)/stream"),
            logger: logger
        ) { _ in
            TickProcessor(configuration: TickProcessorConfiguration(), instruments: master)
        }

        // As `tickflow analytics run` on Kafka: the per-instrument stage forwards the bars it accepts to the
        // one-partition universe topic, which the portfolio stage reads with the holdings as a broadcast input.
        var perInstrument = analytics
        perInstrument.forwardToUniverse = true
        var portfolioSettings = analytics
        portfolioSettings.knownInstruments = Set(master.instruments.map(\.id))
        let instrumentStage = try InstrumentAnalyticsStage(configuration: perInstrument)
        let portfolioStage = try PortfolioRiskStage(configuration: portfolioSettings, portfolios: [])
        let analyticsStore = try FilePartitionStateStore(directory: "\(stateDirectory)/analytics")
        func analyticsConfiguration(group: String, inputs: [String]) -> EmbeddedProcessorConfiguration {
            var configuration = EmbeddedProcessorConfiguration(inputTopics: inputs)
            configuration.group = group
            configuration.stage = Self.analyticsStage
            configuration.snapshots = snapshots
            configuration.inputIsEphemeral = true
            return configuration
        }
        instrumentAnalytics = EmbeddedProcessor(
            configuration: analyticsConfiguration(group: "analytics", inputs: [analytics.interval.topic]), transport: transport,
            store: analyticsStore, logger: logger) { _ in instrumentStage }
        portfolioAnalytics = EmbeddedProcessor(
            configuration: analyticsConfiguration(group: "analytics.portfolio", inputs: [AnalyticsInput.universeTopic, AnalyticsInput.holdingsTopic]),
            transport: transport, store: analyticsStore, logger: logger) { _ in portfolioStage }

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

    /// The pipeline's own services, upstream first: the stream stage, the analytics stages and the views sink (the
    /// live hub runs with the API, after it).
    var services: [any Service] { [processor, instrumentAnalytics, portfolioAnalytics, viewSink] }

    /// The warehouse sink of the run: raw events, FX rates, tops of book and bars into `root`.
    ///
    /// - Throws: ``WarehouseError`` if the warehouse cannot be opened.
    func warehouseSink(root: String) throws -> WarehouseSinkService {
        // In-process logs restart at offset 0: a per-run namespace keeps the sink from skipping new records.
        var configuration = WarehouseSinkConfiguration()
        configuration.offsetNamespace = "run-\(UInt64.random(in: 0...UInt64.max))/"
        return try WarehouseSinkService(
            store: try WarehouseStore(root: root), consumer: try transport.makeConsumer(group: Self.warehouseGroup, topics: Self.warehouseTopics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), configuration: configuration)
    }
}
