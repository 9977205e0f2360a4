import Foundation
import Logging
import Model
import Serving
import ServiceLifecycle
import Stream
import Warehouse

/// The embedded topology of `tickflow run` with its API on a free port, started in a temporary directory for a
/// benchmark (`tick-to-api`, `e2e-embedded`): stream and analytics stages, market views, live updates, the ledger's
/// quote feed, optionally the warehouse sink, plus the benchmark's own background services. One user's token for
/// the API; rate limits off (the probes poll far beyond a user's quota).
final class EmbeddedBenchPipeline {
    let master: InstrumentMaster
    let topology: EmbeddedTopology
    /// The USD equity only probes quote: background feeds must leave it out.
    let probeInstrument: Instrument
    let port: Int
    let token: String
    private let directory: String
    private let warehouse: WarehouseSinkService?
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Starts the pipeline and waits for the API.
    ///
    /// - Parameters:
    ///   - warehouse: whether the warehouse sink runs (under the temporary directory).
    ///   - background: services started after the pipeline's, stopped first (a feed).
    /// - Throws: ``BenchError`` when the API does not start; the topology's errors.
    init(name: String, warehouse: Bool, background: (EmbeddedTopology, Instrument) -> [any Service], logger: Logger) async throws {
        master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        guard let probe = master.instruments(of: .equity).first(where: { $0.currency == "USD" }) else {
            throw BenchError("no USD equity in \(InstrumentMaster.defaultPath)")
        }
        probeInstrument = probe
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        topology = try EmbeddedTopology(master: master, stateDirectory: "\(directory)/state", logger: logger)
        let opened = try await EmbeddedAPI.ledger(data: directory, topology: topology, logger: logger)
        let user = try await opened.ledger.register(email: "probe@example.com", name: "Probe", role: .investor, passwordHash: "-")
        token = try await TokenService(secret: opened.secret).login(user, ledger: opened.ledger).accessToken
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try await EmbeddedAPI.application(
            ledger: opened.ledger, secret: opened.secret, topology: topology, warehouse: nil, port: 0, rateLimiting: nil, logger: logger,
            onServerRunning: { continuation.yield($0) })
        var services: [any Service] = [app, topology.live, opened.quoteFeed]
        self.warehouse = warehouse ? try topology.warehouseSink(root: "\(directory)/warehouse") : nil
        if let sink = self.warehouse { services.append(sink) }
        services += topology.services.reversed() + background(topology, probe)
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        self.group = group
        running = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw BenchError("the API did not start") }
        self.port = port
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Rows the warehouse sink committed (0 without one).
    var warehouseRows: Int { get async { await warehouse?.rowsCommitted ?? 0 } }

    /// A probe of ``probeInstrument`` through the API.
    func probe() throws -> APIQuoteProbe {
        APIQuoteProbe(instrument: probeInstrument, producer: try topology.transport.makeProducer(), port: port, token: token)
    }

    /// Stops every service gracefully and waits.
    ///
    /// - Throws: the first error a service ended with.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}
