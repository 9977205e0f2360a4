import ArgumentParser
import Logging
import ServiceLifecycle
import Stream
import Warehouse

/// `tickflow sink warehouse`: stores the contract's topics in the warehouse, exactly once.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink", abstract: "Run a sink process.", subcommands: [WarehouseSinkCommand.self])
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

    func run() async throws {
        let logger = Logger(label: "tickflow.sink.warehouse")
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
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
    }
}
