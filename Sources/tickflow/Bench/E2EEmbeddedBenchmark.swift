import Foundation
import Logging
import Model
import Serving
import Stream

/// `e2e-embedded`: ticks per second sustained through the whole embedded pipeline of `tickflow run` — stream stage,
/// analytics stages (1-second bars, a 10-stock portfolio risked), market views, live updates, the ledger's quote
/// feed and the warehouse sink — against the 300k ticks/s bound of issue 9; and the p99 tick → API-visible
/// latency.
///
/// **Throughput.** A ``SyntheticTickFeed`` sends US equity ticks as fast as the pipeline takes them for `seconds`
/// (the in-process topics hold a bounded backlog, so the feed waits for the slowest stage, the warehouse's
/// commits included); then the pipeline is stopped gracefully, which drains it: every stage finishes its input and
/// the warehouse commits. Ours = ticks sent / (time from the first tick to the end of the drain).
///
/// **Latency.** A second pipeline runs the same feed paced at half that throughput while an ``APIQuoteProbe``
/// measures tick → API latency every 10 ms: the latency of a loaded, not a saturated, pipeline (at saturation it
/// is the backlog's depth, whatever the code does).
struct E2EEmbeddedBenchmark {
    var seconds = 60
    var latencySeconds = 20
    static let bound = 300_000.0

    func run() async throws -> BenchMeasurement {
        var logger = Logger(label: "bench.e2e-embedded")
        logger.logLevel = .error

        let saturated = try await EmbeddedBenchPipeline(name: "e2e-embedded", warehouse: true, background: { _, _ in [] }, logger: logger)
        var feed = try await Self.feed(saturated)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await feed.run(until: started + .seconds(seconds))
        } catch {
            try? await saturated.stop()
            throw error
        }
        let sent = clock.now
        try await saturated.stop()
        let drained = clock.now
        let processed = await saturated.topology.processor.processedRecords
        let committed = await saturated.warehouseRows
        guard processed >= feed.published else {
            throw BenchError("the stream stage processed \(processed) of \(feed.published) ticks before stopping")
        }
        let throughput = Double(feed.published) / (drained - started).seconds
        print(String(
            format: "e2e-embedded: %d ticks sent in %.1f s, drained %.1f s later: %.0f ticks/s through stream, analytics, views and warehouse (%d warehouse rows, %d bars in the views)",
            feed.published, (sent - started).seconds, (drained - sent).seconds, throughput, committed, saturated.topology.progress.barsApplied))

        let loaded = try await EmbeddedBenchPipeline(name: "e2e-embedded-latency", warehouse: true, background: { _, _ in [] }, logger: logger)
        let pacedFeed = try await Self.feed(loaded)
        let probe = try loaded.probe()
        let interval = Duration.milliseconds(10)
        let probes = latencySeconds * 100
        let latencySeconds = self.latencySeconds
        let background = Task {
            var paced = pacedFeed
            try await paced.run(until: ContinuousClock.now + .seconds(latencySeconds + 3), rate: throughput / 2)
            return paced.published
        }
        let result: APIQuoteProbe.Result
        do {
            result = try await probe.run(count: probes - 100, warmUp: 100, interval: interval)
        } catch {
            background.cancel()
            try? await loaded.stop()
            throw error
        }
        let pacedCount = try await background.value
        try await loaded.stop()
        print("e2e-embedded: tick → API at \(Int(throughput / 2)) ticks/s (\(pacedCount) sent): \(result.summary); the 50 ms bound \(result.p99 < 50 ? "met" : "missed")")
        return BenchMeasurement(name: "e2e-embedded", ours: throughput, peer: Self.bound, unit: "ticks/s", higherIsBetter: true)
    }

    /// The feed of a pipeline: every US equity but the probe's, round robin; and a portfolio of ten of them for the
    /// risk stage.
    private static func feed(_ pipeline: EmbeddedBenchPipeline) async throws -> SyntheticTickFeed {
        let equities = pipeline.master.instruments(of: .equity).filter { $0.currency == "USD" && $0.id != pipeline.probeInstrument.id }
        let producer = try pipeline.topology.transport.makeProducer()
        let portfolio = Portfolio(
            id: "bench-portfolio", name: "Bench", clientId: "bench", currency: "USD",
            holdings: equities.prefix(10).map { .init(instrumentId: $0.id, quantity: 100, costBasis: 10_000) },
            createdAtNanos: WallClock.nowNanos(), lastRebalancedAtNanos: nil)
        try await producer.send([try HoldingsPublisher.record(portfolio, at: WallClock.nowNanos())])
        return SyntheticTickFeed(instruments: equities, producer: producer)
    }
}
