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
/// **Throughput.** A ``SyntheticTickFeed`` sends US equity ticks as fast as the pipeline takes them for `seconds`.
/// The in-process topics hold a bounded backlog (50,000 records a partition), so the feed can only run ahead of the
/// slowest stage, the warehouse's commits included, by that much. Ours = ticks the stream stage processed per
/// second from 10 s in to the end of the feed. Then the pipeline must drain — every tick processed, the newest quote
/// in the views, every tick committed to the warehouse — or the benchmark fails.
///
/// **Latency.** A second pipeline runs the same feed paced at half that throughput while an ``APIQuoteProbe``
/// measures tick → API latency every 10 ms: the latency of a loaded, not a saturated, pipeline (at saturation it
/// is the backlog's depth, whatever the code does).
struct E2EEmbeddedBenchmark {
    var seconds = 60
    var latencySeconds = 20
    static let bound = 300_000.0
    static let warmUp: Duration = .seconds(10)

    func run() async throws -> BenchMeasurement {
        var logger = Logger(label: "bench.e2e-embedded")
        logger.logLevel = .error

        let saturated = try await EmbeddedBenchPipeline(name: "e2e-embedded", warehouse: true, background: { _, _ in [] }, logger: logger)
        let feed = try await Self.feed(saturated)
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .seconds(max(seconds, 15))
        let feeding = Task {
            var feed = feed
            try await feed.run(until: deadline)
            return feed
        }
        let sent: SyntheticTickFeed
        let window: (start: Int, end: Int, seconds: Double)
        do {
            try await clock.sleep(until: started + Self.warmUp)
            let first = (clock.now, await saturated.topology.processor.processedRecords)
            sent = try await feeding.value
            let last = (clock.now, await saturated.topology.processor.processedRecords)
            window = (first.1, last.1, (last.0 - first.0).seconds)
            try await Self.drain(saturated, sent: sent)
        } catch {
            feeding.cancel()
            try? await saturated.stop()
            throw error
        }
        let drained = clock.now
        try await saturated.stop()
        let committed = await saturated.warehouseRows
        let throughput = Double(window.end - window.start) / window.seconds
        print(String(
            format: "e2e-embedded: %d ticks sent in %.1f s; %.0f ticks/s processed from %.0f s in, with analytics, views and warehouse keeping up (drained %.1f s after the feed; %d warehouse rows, %d bars in the views)",
            sent.published, (deadline - started).seconds, throughput, Self.warmUp.seconds, (drained - deadline).seconds, committed,
            saturated.topology.progress.barsApplied))

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

    /// Waits until every tick sent is processed by the stream stage, the newest is in the views, and the warehouse
    /// committed every one of them.
    ///
    /// - Throws: ``BenchError`` when that takes over two minutes.
    private static func drain(_ pipeline: EmbeddedBenchPipeline, sent: SyntheticTickFeed) async throws {
        let topology = pipeline.topology
        let topic = "market-data.equities.us"
        for _ in 0..<12_000 {
            let processed = await topology.processor.processedRecords
            let ends = topology.transport.endOffsets(of: topic)
            let committed = topology.transport.committedOffsets(group: EmbeddedTopology.warehouseGroup)
            let stored = ends.indices.allSatisfy { committed[TopicPartition(topic: topic, partition: Int32($0))] == ends[$0] }
            if processed >= sent.published, topology.progress.newestQuoteNanos >= sent.newestEventNanos, stored { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("the pipeline did not drain within 2 minutes of the feed's end")
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
