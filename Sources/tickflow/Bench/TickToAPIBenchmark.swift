import AsyncHTTPClient
import Foundation
import Logging
import Model
import NIOCore
import Serving
import ServiceLifecycle
import Stream

/// `tick-to-api`: how long a tick takes from entering the embedded pipeline to being visible through the API,
/// against the 50 ms bound of issue 8 (ratio = 50 ms / p99).
///
/// The embedded topology of `tickflow run` (``EmbeddedTopology``: in-process transport → stream stage → market
/// views; ``EmbeddedAPI`` over HTTP on 127.0.0.1) runs under a steady background load from the simulator. Every
/// ~5 ms a probe quote with a bid no earlier probe had goes into `market-data.equities.us` for one instrument the
/// simulator leaves out, stamped with the wall clock as it is produced; a client polls
/// `GET /api/v1/market-data/quotes/{id}` in a tight loop over one kept-alive connection (AsyncHTTPClient, as an
/// API client would) until that bid shows, and the latency is the wall clock then minus the stamp. Rate limits
/// are off: the poller asks thousands of times a second, far beyond a user's quota.
struct TickToAPIBenchmark {
    /// Measured probes.
    let probes: Int
    /// Probes before the measured ones (pipeline and connection warm).
    var warmUp = 200
    /// Background events per second from the simulator.
    var rate = 5_000
    /// Time between two probes.
    var interval: Duration = .milliseconds(5)

    private struct Snapshot: Decodable {
        struct Quote: Decodable { var bid: Double }
        var quote: Quote?
    }

    func run() async throws -> BenchMeasurement {
        var logger = Logger(label: "bench.tick-to-api")
        logger.logLevel = .error
        let master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        guard let probe = master.instruments(of: .equity).first(where: { $0.currency == "USD" }) else {
            throw BenchError("no USD equity in \(InstrumentMaster.defaultPath)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-tick-to-api-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let topology = try EmbeddedTopology(master: master, stateDirectory: "\(directory)/state", logger: logger)
        let opened = try await EmbeddedAPI.ledger(data: directory, topology: topology, logger: logger)
        let (ledger, secret) = (opened.ledger, opened.secret)
        let user = try await ledger.register(email: "probe@example.com", name: "Probe", role: .investor, passwordHash: "-")
        let token = try await TokenService(secret: secret).login(user, ledger: ledger).accessToken
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try await EmbeddedAPI.application(
            ledger: ledger, secret: secret, topology: topology, warehouse: nil, port: 0, rateLimiting: nil, logger: logger,
            onServerRunning: { continuation.yield($0) })
        let feed = SimulatorFeed(
            transport: topology.transport, master: master, rate: rate, seed: 7, excluded: [probe.id], progress: topology.progress)
        let services: [any Service] = [app, topology.live, opened.quoteFeed] + topology.services.reversed() + [feed]
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        let running = Task { try await group.run() }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw BenchError("the API did not start") }

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/market-data/quotes/\(probe.id)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let producer = try topology.transport.makeProducer()
        let clock = ContinuousClock()
        let started = (clock.now, await topology.processor.processedRecords)
        var latencies: [Double] = []
        var polls = 0
        var due = clock.now
        do {
            for index in 0..<(warmUp + probes) {
                try await clock.sleep(until: due)
                due += interval
                // Cent steps from 100: no two probes share a bid.
                let bid = 100 + Double(index) / 100
                let produced = WallClock.nowNanos()
                try await producer.send([try probeQuote(probe, bid: bid, index: index, at: produced)])
                var seen: Int64?
                while seen == nil {
                    let response = try await client.execute(request, timeout: .seconds(5))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    polls += 1
                    if response.status == .ok,
                        let snapshot = try? JSONDecoder().decode(Snapshot.self, from: Data(body.readableBytesView)),
                        snapshot.quote?.bid == bid
                    {
                        seen = WallClock.nowNanos()
                    } else if WallClock.nowNanos() - produced > 10_000_000_000 {
                        throw BenchError("probe \(index) (bid \(bid)) not visible through the API after 10 s")
                    }
                }
                if index >= warmUp, let seen { latencies.append(Double(seen - produced) / 1e6) }
            }
        } catch {
            try? await client.shutdown()
            await group.triggerGracefulShutdown()
            _ = try? await running.value
            throw error
        }
        let seconds = (clock.now - started.0).seconds
        let processed = await topology.processor.processedRecords - started.1
        try await client.shutdown()
        await group.triggerGracefulShutdown()
        try await running.value

        latencies.sort()
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        print(
            "tick-to-api: \(latencies.count) probes (after \(warmUp) warm-up) every \(interval) over \(processed) background events (\(Int(Double(processed) / seconds))/s) in \(String(format: "%.1f", seconds)) s, \(polls) polls: p50 \(String(format: "%.3f", p50)) ms, p99 \(String(format: "%.3f", p99)) ms, max \(String(format: "%.3f", latencies.last ?? 0)) ms"
        )
        return BenchMeasurement(name: "tick-to-api", ours: p99, peer: 50, unit: "ms", higherIsBetter: false)
    }

    /// A quote of the probe instrument with this bid, stamped now.
    private func probeQuote(_ instrument: Instrument, bid: Double, index: Int, at time: Int64) throws -> OutgoingRecord {
        let quote = Quote(
            instrumentId: instrument.id, symbol: instrument.symbol, venue: instrument.venue, bidPrice: bid, bidSize: 100,
            askPrice: bid + 0.01, askSize: 100, currency: instrument.currency, sequence: UInt64(index + 1), eventTimeNanos: time,
            ingestTimeNanos: time)
        return OutgoingRecord(
            topic: "market-data.equities.us", key: Array(instrument.id.utf8), value: try MarketEvent.quote(quote).serializedBytes())
    }
}
