import ArgumentParser
import Foundation
import Logging
import Model
import Serving
import ServiceLifecycle
import Stream
import Warehouse

/// `tickflow run`: the embedded default, everything in one process, no servers.
///
/// At this stage: a built-in tick generator → the in-process transport → a stream stage that validates trades
/// and keeps per-instrument totals (checkpointed under `--data`) → live progress; the warehouse sink stores the
/// trades under `--data`/warehouse. Ctrl-C stops gracefully with a final checkpoint and warehouse commit; the next
/// start resumes from the checkpoint.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run TickFlow embedded in one process.")

    @Option(help: "Trades per second from the built-in generator.") var rate = 5_000
    @Option(help: "Seed of the built-in generator.") var seed: UInt64 = 42
    @Option(help: "Where state survives restarts.") var data = "data"
    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).") var duration: Int?
    @Option(help: "Port of the ledger API on 127.0.0.1 (0 disables it).") var apiPort = 8080

    func run() async throws {
        let logger = Logger(label: "tickflow.run")
        let store = try CheckpointStore(directory: "\(data)/checkpoints/stream")
        let resumed = try await store.loadLatest()
        let alreadyProcessed = Int(resumed?.positions.reduce(0) { $0 + $1.offset } ?? 0)

        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 6, partitionCapacity: 50_000))
        for topic in ["market-data.equities.us", "dlq.stream"] { try transport.declareTopic(topic, partitions: 6) }
        let board = ProgressBoard()
        let pipeline = Pipeline(
            stage: "stream",
            source: ConsumerSource(
                consumer: try transport.makeConsumer(group: "stream", topics: ["market-data.equities.us"]),
                codec: ModelCodec<MarketEvent>(), eventTime: { event, _ in event.eventTimeNanos }),
            operators: InstrumentTotalsOperator(), sink: ProgressSink(board: board),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), checkpoints: store,
            configuration: .init(lanes: 2, checkpointInterval: .seconds(5)))

        print("TickFlow embedded: built-in tick generator (\(rate) trades/s, seed \(seed)) → stream → totals")
        print("state: \(data)/checkpoints/stream" + (resumed.map { " (resuming from checkpoint \($0.id), \(alreadyProcessed) trades)" } ?? ""))
        print("Ctrl-C stops gracefully.")
        var services: [any Service] = [
            TickFeedService(transport: transport, generator: TickGenerator(seed: seed), rate: rate, alreadyProcessed: alreadyProcessed),
            pipeline, ProgressService(board: board, interval: .seconds(2)),
        ]
        // In-process logs restart at offset 0: a per-run namespace keeps the sink from skipping new records.
        var sinkConfiguration = WarehouseSinkConfiguration()
        sinkConfiguration.offsetNamespace = "run-\(UUID().uuidString.prefix(8))/"
        services.append(try WarehouseSinkService(
            store: try WarehouseStore(root: "\(data)/warehouse"),
            consumer: try transport.makeConsumer(group: "warehouse", topics: ["market-data.equities.us"]),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer()), configuration: sinkConfiguration))
        if let duration { services.append(StopAfter(duration: .seconds(duration))) }
        if apiPort != 0 { services.append(try await LedgerServer.embedded(data: data, port: apiPort, logger: logger)) }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        let totals = board.snapshot
        print("stopped: \(totals.reduce(0) { $0 + $1.trades }) trades in state across \(totals.count) instruments")
    }
}

/// Ends the run after a fixed time (for scripted runs and the smoke test).
struct StopAfter: Service {
    let duration: Duration
    func run() async throws { try? await Task.sleep(for: duration) }
}
