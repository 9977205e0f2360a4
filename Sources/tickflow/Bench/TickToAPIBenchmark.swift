import Foundation
import Logging

/// `tick-to-api`: how long a tick takes from entering the embedded pipeline to being visible through the API,
/// against the 50 ms bound of issue 8 (ratio = 50 ms / p99).
///
/// The embedded topology of `tickflow run` (``EmbeddedBenchPipeline``: in-process transport → stream and analytics
/// stages → market views; the API over HTTP on 127.0.0.1) runs under a steady background load from the simulator,
/// which leaves one instrument out; every ~5 ms an ``APIQuoteProbe`` quotes that instrument and polls the API until
/// the quote shows.
struct TickToAPIBenchmark {
    /// Measured probes.
    let probes: Int
    /// Probes before the measured ones (pipeline and connection warm).
    var warmUp = 200
    /// Background events per second from the simulator.
    var rate = 5_000
    /// Time between two probes.
    var interval: Duration = .milliseconds(5)

    func run() async throws -> BenchMeasurement {
        var logger = Logger(label: "bench.tick-to-api")
        logger.logLevel = .error
        let rate = self.rate
        let pipeline = try await EmbeddedBenchPipeline(name: "tick-to-api", warehouse: false, background: { topology, probe in
            [SimulatorFeed(transport: topology.transport, master: topology.master, rate: rate, seed: 7, excluded: [probe.id], progress: topology.progress)]
        }, logger: logger)
        let clock = ContinuousClock()
        let started = (clock.now, await pipeline.topology.processor.processedRecords)
        let result: APIQuoteProbe.Result
        do {
            result = try await pipeline.probe().run(count: probes, warmUp: warmUp, interval: interval)
        } catch {
            try? await pipeline.stop()
            throw error
        }
        let seconds = (clock.now - started.0).seconds
        let processed = await pipeline.topology.processor.processedRecords - started.1
        try await pipeline.stop()
        print("tick-to-api: probes every \(interval) (after \(warmUp) warm-up) over \(processed) background events (\(Int(Double(processed) / seconds))/s) in \(String(format: "%.1f", seconds)) s: \(result.summary)")
        return BenchMeasurement(name: "tick-to-api", ours: result.p99, peer: 50, unit: "ms", higherIsBetter: false)
    }
}
