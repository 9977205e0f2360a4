import ArgumentParser
import Logging
import ServiceLifecycle
import Serving
import Stream
import Warehouse

/// `tickflow sink warehouse`: stores the contract's topics in the warehouse, exactly once.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink", abstract: "Run a sink process.", subcommands: [WarehouseSinkCommand.self, ViewsSinkCommand.self])
}

struct WarehouseSinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warehouse", abstract: "Store topics in the Parquet warehouse, exactly once (offsets live in the catalog).")

    @Option(help: "Kafka bootstrap servers (host:port,…).") var brokers: String
    @Option(help: "Consumer group; run several to share partitions.") var group = "warehouse"
    @OptionGroup var options: WarehouseOptions
    @Option(help: "Topics to store (default: every topic with a table that exists on the cluster).") var topic: [String] = []
    @Option(help: "Commit after this many rows.") var maxRows = 200_000
    @Option(help: "Commit at least every this many seconds.") var maxDelay = 10
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = Logger(label: "tickflow.sink.warehouse")
        let metricsServices = metrics.services(logger: logger)
        let transport = KafkaTransport(bootstrapServers: brokers)
        var topics = topic
        if topics.isEmpty {
            let existing = Set(try await KafkaAdmin(bootstrapServers: brokers).topics().map(\.name))
            topics = WarehouseSink.topics.filter(existing.contains)
        }
        guard !topics.isEmpty else { throw ValidationError("none of the warehouse topics exists on \(brokers)") }
        let store = try options.open()
        let service = try WarehouseSinkService(
            store: store, consumer: try transport.makeConsumer(group: group, topics: topics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()),
            configuration: WarehouseSinkConfiguration(maxRows: maxRows, maxDelay: .seconds(maxDelay)))
        print("warehouse sink: \(topics.joined(separator: ", ")) → \(store.root) (group \(group))")
        let serviceGroup = ServiceGroup(configuration: .init(
            services: metricsServices + [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
    }
}

/// `tickflow sink views`: keeps the Redis market views that `tickflow serve --redis` reads current from the stream.
struct ViewsSinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "views", abstract: "Keep the Redis market views (quotes, books, bars, risk, anomalies) current from Kafka.")
    /// The consumer group of the Redis views' sinks (and of a `serve --redis --views-kafka`).
    static let defaultGroup = "tickflow-views"

    @Option(help: "Kafka bootstrap servers (host:port,…).") var brokers: String
    @Option(help: "Redis, host:port.") var redis = "127.0.0.1:6379"
    @Option(help: "Consumer group; run several to share partitions.") var group = defaultGroup
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = Logger(label: "tickflow.sink.views")
        let metricsServices = metrics.services(logger: logger)
        let transport = KafkaTransport(bootstrapServers: brokers)
        let existing = Set(try await KafkaAdmin(bootstrapServers: brokers).topics().map(\.name))
        let topics = MarketViewUpdate.topics.filter(existing.contains)
        guard !topics.isEmpty else { throw ValidationError("none of the view topics exists on \(brokers)") }
        let pool = RedisConnectionPool(configuration: try .init(address: redis))
        defer { pool.close() }
        let sink = MarketViewSink(
            store: RedisMarketViewStore(pool: pool), consumer: try transport.makeConsumer(group: group, topics: topics),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), logger: logger)
        print("views sink: \(topics.joined(separator: ", ")) → Redis \(redis) (group \(group))")
        let serviceGroup = ServiceGroup(configuration: .init(
            services: metricsServices + [.init(service: sink)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
        print("views sink: stopped after \(await sink.updatesApplied) updates, \(await sink.recordsRejected) dead-lettered")
    }
}
