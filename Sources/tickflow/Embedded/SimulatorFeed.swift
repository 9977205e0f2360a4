import Foundation
import Connectors
import Model
import Serving
import ServiceLifecycle
import Stream

/// Publishes the market simulator's quotes, trades and FX rates to the in-process raw topics
/// (``TickInput/marketTopics``, ``TickInput/fxTopic``) at about `rate` events per second until shutdown.
///
/// The simulated clock starts now and keeps to the wall clock: each step lasts as long as `rate` takes to publish
/// its events, and a batch goes out once its newest event is due, so event times are real times (the stream's
/// event-time lag and the bars' windows mean what they say) and ingest times stay within the validator's skew.
struct SimulatorFeed: Service {
    let transport: InProcessTransport
    let master: InstrumentMaster
    /// Events per second.
    let rate: Int
    let seed: UInt64
    /// Instruments whose events are left out (the `tick-to-api` probe's instrument: its quotes are the probes).
    var excluded: Set<String> = []
    let progress: PipelineProgress
    /// Opening mids of equities by instrument id (``referencePrices()``: where the ledger marks them).
    var initialPrices: [String: Double] = [:]

    func run() async throws {
        var configuration = SimulatorConfiguration(seed: seed)
        configuration.newsProbability = 0
        configuration.flowProbability = 0
        configuration.initialPrices = initialPrices
        // Sessions follow one another without the overnight jump, which would run ahead of the wall clock.
        configuration.overnightGaps = false
        let perStep = try await Self.eventsPerStep(master: master, configuration: configuration, excluded: excluded)
        configuration.stepNanos = max(1_000_000, Int64(perStep * 1e9 / Double(max(1, rate))))
        configuration.start = WallClock.nowNanos()
        var simulator = MarketSimulator(master: master, configuration: configuration)
        let producer = try transport.makeProducer()
        let batch = max(1, rate / 200)  // about 5 ms of events per send
        // The stream stage remembers recent trade ids and sequence numbers per instrument, across restarts (its
        // snapshots): a run's numbers start at its start time in µs, past any earlier run's.
        let numbering = UInt64(WallClock.nowNanos() / 1_000)
        while !Task.isCancelledOrShuttingDown {
            guard let items = try await simulator.next(maxItems: batch) else { break }
            var records: [OutgoingRecord] = []
            records.reserveCapacity(items.count)
            var newest: Int64 = 0
            for case .event(let event) in items where event.topic.hasPrefix("market-data.") && !excluded.contains(event.key) {
                records.append(OutgoingRecord(
                    topic: event.topic, key: Array(event.key.utf8), value: try Self.value(of: event, numberedFrom: numbering),
                    headers: event.headers))
                newest = max(newest, event.eventTimeNanos)
            }
            let wait = newest - WallClock.nowNanos()
            if wait > 0 { try? await Task.sleep(for: .nanoseconds(wait)) }
            try await producer.send(records)
            progress.published(records.count)
        }
    }
}

extension SimulatorFeed {
    /// The reference prices of the stock catalog (`config/reference-prices.csv`) by instrument id, so that the
    /// simulated market opens where the ledger marks the stocks; empty when the files are missing.
    static func referencePrices() -> [String: Double] {
        guard let catalog = try? StockCatalog.load() else { return [:] }
        return Dictionary(catalog.listings.map { ($0.instrument.id, ($0.price as NSDecimalNumber).doubleValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// The record value of an event, a trade's or quote's sequence number (and trade id) moved up by `base`.
    static func value(of event: IngestEvent, numberedFrom base: UInt64) throws -> [UInt8] {
        guard case .market(let market, _) = event.base else { return try event.serializedValue() }
        switch market {
        case .trade(var trade):
            trade.sequence += base
            trade.tradeId = "SIM-\(trade.sequence)"
            return try MarketEvent.trade(trade).serializedBytes()
        case .quote(var quote):
            quote.sequence += base
            return try MarketEvent.quote(quote).serializedBytes()
        }
    }

    /// The events the feed publishes per simulator step, counted over the first steps of a simulator with these
    /// settings (a quote per instrument and step, trades at random).
    static func eventsPerStep(master: InstrumentMaster, configuration: SimulatorConfiguration, excluded: Set<String>) async throws -> Double {
        var sample = MarketSimulator(master: master, configuration: configuration)
        let steps: Int64 = 20
        // Events of step k are stamped k steps after the start plus microseconds.
        let end = configuration.start + steps * configuration.stepNanos + configuration.stepNanos / 2
        var count = 0
        while let items = try await sample.next(maxItems: 1_000) {
            for case .event(let event) in items where event.topic.hasPrefix("market-data.") && !excluded.contains(event.key) {
                if event.eventTimeNanos > end { return Double(count) / Double(steps) }
                count += 1
            }
        }
        return Double(max(1, count)) / Double(steps)
    }
}

extension Task where Success == Never, Failure == Never {
    /// Whether the current task should wind down: cancelled, or graceful shutdown requested.
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}
