import ArgumentParser
import Foundation
import Logging
import Metrics
import Model
import Serving
import ServiceLifecycle
import Stream

/// `tickflow run`: the embedded default, everything in one process, no servers.
///
/// The market simulator (paced to `--rate`) → the in-process raw topics → the stream stage (validate, FX-enrich,
/// aggregate; partition snapshots under `--data`/state/stream) → the market views and live updates the API on
/// `127.0.0.1:--api-port` answers from (ledger in `--data`/ledger.sqlite), and the warehouse sink under
/// `--data`/warehouse; a progress line every few seconds. Ctrl-C stops gracefully: the stream stage snapshots,
/// the warehouse commits; the next start restores the stream state and goes on.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run TickFlow embedded in one process.")

    @Option(help: "Market events per second from the simulator.") var rate = 5_000
    @Option(help: "Seed of the simulator.") var seed: UInt64 = 42
    @Option(help: "Where state survives restarts.") var data = "data"
    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).") var duration: Int?
    @Option(help: "Port of the ledger API on 127.0.0.1 (0 disables it).") var apiPort = 8080

    func run() async throws {
        let logger = Logger(label: "tickflow.run")
        // Every metric of this process (stage throughput and lag, dead letters, API) into what /metrics renders.
        let observability = Observability()
        MetricsSystem.bootstrap(observability.factory)
        let master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        let stateDirectory = "\(data)/state/stream"
        let resuming = (try? FileManager.default.contentsOfDirectory(atPath: stateDirectory).isEmpty == false) ?? false
        let topology = try EmbeddedTopology(master: master, stateDirectory: stateDirectory, logger: logger)

        print("TickFlow embedded: market simulator (\(rate) events/s, seed \(seed)) → stream (validate, enrich, aggregate) → market views, warehouse, API")
        print("state: \(stateDirectory)" + (resuming ? " (resuming from its snapshots)" : ""))
        print("Ctrl-C stops gracefully.")
        // Services stop in reverse order: the feed first, then the stream stage (its final snapshots), then the
        // sinks (their last writes), the progress line, the live hub (ending the server's open streams), the API.
        let warehouse = try topology.warehouseSink(root: "\(data)/warehouse")  // before the API, which reads it
        var services: [any Service] = []
        if apiPort != 0 {
            let (ledger, secret) = try await EmbeddedAPI.ledger(data: data, logger: logger)
            services.append(try await EmbeddedAPI.application(
                ledger: ledger, secret: secret, topology: topology, warehouse: "\(data)/warehouse", port: apiPort,
                observability: observability, logger: logger,
                onServerRunning: { port in
                    print("ledger API on http://127.0.0.1:\(port)/api/v1 (SQLite \(data)/ledger.sqlite); quotes: GET /api/v1/market-data/quotes/{symbol}")
                }))
            services.append(topology.live)
        }
        services.append(ProgressService(progress: topology.progress, processor: topology.processor, interval: .seconds(2)))
        services.append(warehouse)
        services += topology.services.reversed()
        services.append(SimulatorFeed(transport: topology.transport, master: master, rate: rate, seed: seed, progress: topology.progress))
        if let duration { services.append(StopAfter(duration: .seconds(duration))) }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        print("stopped: \(await topology.processor.processedRecords) events processed, \(topology.progress.barsApplied) bars written to the views; stream state in \(stateDirectory)")
    }
}

/// Ends the run after a fixed time (for scripted runs and the smoke test).
struct StopAfter: Service {
    let duration: Duration
    func run() async throws { try? await Task.sleep(for: duration) }
}
