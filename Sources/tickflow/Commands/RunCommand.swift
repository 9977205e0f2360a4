import Analytics
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
/// aggregate) → the analytics stages (volatility, anomalies, portfolio VaR on `--analytics-interval` bars) → the
/// market views and live updates the API on `127.0.0.1:--api-port` answers from (ledger in `--data`/ledger.sqlite,
/// orders priced from the stream), and the warehouse sink under `--data`/warehouse; a progress line every few
/// seconds. The first start seeds demo accounts (``DemoSeed``) whose portfolios the analytics risk. Ctrl-C stops
/// gracefully: the stages snapshot (under `--data`/state), the warehouse commits; the next start restores the
/// state and goes on.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run TickFlow embedded in one process.")

    @Option(help: "Market events per second from the simulator.") var rate = 5_000
    @Option(help: "Seed of the simulator.") var seed: UInt64 = 42
    @Option(help: "Where state survives restarts.") var data = "data"
    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).") var duration: Int?
    @Option(help: "Port of the ledger API on 127.0.0.1 (0 disables it).") var apiPort = 8080
    @Option(help: "Bars the analytics stages read (1s: VaR after about 20 s; 1m: the production setting).")
    var analyticsInterval = BarInterval.oneSecond.rawValue
    @Option(help: "bcrypt cost of the demo accounts' password hashes.") var bcryptCost: UInt8 = 12

    func validate() throws {
        guard BarInterval(rawValue: analyticsInterval) != nil else {
            throw ValidationError("--analytics-interval must be one of \(BarInterval.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let logger = Logger(label: "tickflow.run")
        // Every metric of this process (stage throughput and lag, dead letters, API) into what /metrics renders.
        let observability = Observability()
        MetricsSystem.bootstrap(observability.factory)
        let master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        let stateDirectory = "\(data)/state"
        let resuming = (try? FileManager.default.contentsOfDirectory(atPath: "\(stateDirectory)/stream").isEmpty == false) ?? false
        let topology = try EmbeddedTopology(
            master: master, stateDirectory: stateDirectory,
            analytics: AnalyticsConfiguration(interval: BarInterval(rawValue: analyticsInterval)!), logger: logger)

        print("TickFlow embedded: market simulator (\(rate) events/s, seed \(seed)) → stream (validate, enrich, aggregate) → analytics (\(analyticsInterval) bars) → market views, warehouse, API")
        print("state: \(stateDirectory)" + (resuming ? " (resuming from its snapshots)" : ""))
        print("Ctrl-C stops gracefully.")
        // Services stop in reverse order: the feed first, then the stages (their final snapshots), then the sinks
        // (their last writes), the progress line, the quote feed, the live hub (ending the server's open streams),
        // the API.
        let warehouse = try topology.warehouseSink(root: "\(data)/warehouse")  // before the API, which reads it
        var services: [any Service] = []
        var watched: [(id: String, name: String)] = []
        if apiPort != 0 {
            let opened = try await EmbeddedAPI.ledger(data: data, topology: topology, logger: logger)
            let demo = try await DemoSeed.seed(ledger: opened.ledger, bcryptCost: bcryptCost)
            // The stage keeps the newest holdings of each portfolio: republishing them all is harmless, and puts
            // back any change whose publication a crash cut short.
            try await opened.holdings.publishAll(from: opened.ledger)
            watched = demo.portfolios.map { ($0.id, $0.name) }
            services.append(try await EmbeddedAPI.application(
                ledger: opened.ledger, secret: opened.secret, topology: topology, warehouse: "\(data)/warehouse", port: apiPort,
                observability: observability, logger: logger,
                onServerRunning: { port in
                    print(Self.welcome(port: port, data: data, demo: demo))
                }))
            services.append(topology.live)
            services.append(opened.quoteFeed)
        }
        services.append(ProgressService(progress: topology.progress, processor: topology.processor, interval: .seconds(2), portfolios: watched))
        services.append(warehouse)
        services += topology.services.reversed()
        services.append(SimulatorFeed(
            transport: topology.transport, master: master, rate: rate, seed: seed, progress: topology.progress,
            initialPrices: SimulatorFeed.referencePrices()))
        if let duration { services.append(StopAfter(duration: .seconds(duration))) }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        print("stopped: \(await topology.processor.processedRecords) events processed, \(topology.progress.barsApplied) bars written to the views; state in \(stateDirectory)")
    }

    /// What to open and how to log in, once the API listens.
    static func welcome(port: Int, data: String, demo: DemoSeed.Accounts) -> String {
        let base = "http://127.0.0.1:\(port)"
        return """
            ledger API on \(base)/api/v1 (SQLite \(data)/ledger.sqlite)\(demo.created ? "; demo accounts seeded" : "")
              dashboard:  \(base)/dashboard
              log in:     \(DemoSeed.investorEmail) / \(DemoSeed.password) (investor), \(DemoSeed.brokerEmail) / \(DemoSeed.password) (broker)
                          curl -s \(base)/api/v1/users/login -H 'content-type: application/json' -d '{"email":"\(DemoSeed.investorEmail)","password":"\(DemoSeed.password)"}'
              quotes:     GET /api/v1/market-data/quotes/{symbol}; risk: GET /api/v1/risk/dashboard/{portfolioId}
              portfolios: \(demo.portfolios.map { "\($0.name) \($0.id)" }.joined(separator: ", "))
              metrics:    \(base)/metrics
            """
    }
}

/// Ends the run after a fixed time (for scripted runs and the smoke test).
struct StopAfter: Service {
    let duration: Duration
    func run() async throws { try? await Task.sleep(for: duration) }
}
