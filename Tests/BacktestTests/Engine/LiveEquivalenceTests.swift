import Analytics
import Backtest
import Foundation
import Logging
import Model
import Stream
import TickFlowTestSupport
import Testing
import Warehouse

/// A live run and a backtest over the same ticks produce identical bars and risk.
///
/// Live: the ticks go through the streaming runner as `tickflow run` wires it — raw topics on an
/// ``InProcessTransport``, an ``EmbeddedProcessor`` running the ``TickProcessor``, a ``WarehouseSinkService``
/// storing the raw events — and a second ``EmbeddedProcessor`` runs the ``AnalyticsPipeline`` over the 1-minute
/// bars and tops of book. Backtest: the same warehouse replayed by ``BacktestEngine``. Bars and risk metrics are
/// compared value by value.
@Suite struct LiveEquivalenceTests {
    static let market = "market-data.equities.us"

    /// A strategy that only watches.
    struct Watcher: Strategy {
        mutating func on(_ event: StrategyEvent, context: StrategyContext) -> [OrderRequest] { [] }
    }

    static func portfolio(_ symbols: [String]) -> PortfolioHoldings {
        PortfolioHoldings(
            portfolioId: "demo-growth", baseCurrency: "USD",
            positions: symbols.enumerated().map {
                PortfolioHoldings.Position(instrumentId: BacktestFixtures.instrument($0.element).id, quantity: Decimal(100 * ($0.offset + 1)))
            }, eventTimeNanos: BacktestFixtures.t0 - BacktestFixtures.minute, ingestTimeNanos: BacktestFixtures.t0 - BacktestFixtures.minute)
    }

    /// US dollar instruments: every bar and every risk metric identical, in the same order per key.
    ///
    /// With a EUR bond (FX enrichment): every bar identical, and the risk of each window identical once all its
    /// bars are in. The live runner applies the FX broadcast ahead of the ticks, so it enriches a EUR tick as soon
    /// as it reads it, while the replay — like a real-time feed — holds it until the next rate: the bars are the
    /// same, but the bars of one window may reach the portfolio stage in another order, which changes the VaR
    /// published between two bars of the same window, not the one after the window's last bar.
    @Test(arguments: [false, true])
    func liveRunAndBacktestProduceIdenticalBarsAndRisk(withEuroBond: Bool) async throws {
        let (store, cleanUp) = try BacktestFixtures.warehouse()
        defer { cleanUp() }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-backtest-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let minutes = 40
        var prices = ["AAPL": 189.5, "MSFT": 377.8, "JPM": 151.2]
        if withEuroBond { prices["DE10Y"] = 98.5 }
        let portfolio = Self.portfolio(prices.keys.sorted())
        let history = RandomHistory(symbols: prices, minutes: minutes, seed: 0x11FE)
        let (liveBars, liveRisk) = try await Self.live(history, portfolio: portfolio, store: store, state: state)

        var configuration = BacktestFixtures.configuration(minutes: minutes + 1, strategy: "watch")
        configuration.fromNanos -= BacktestFixtures.minute
        configuration.seededPortfolios = [portfolio]
        var replayedBars: [Bar] = [], replayedRisk: [RiskMetric] = []
        _ = try await BacktestEngine(store: store, master: BacktestFixtures.master).run(configuration, strategy: Watcher(), observe: { event in
            switch event {
            case .bar(let bar): replayedBars.append(bar)
            case .risk(let metric): replayedRisk.append(metric)
            case .topOfBook: break
            }
        })

        #expect(liveBars.count >= prices.count * minutes)
        #expect(liveRisk.contains { $0.portfolioId == portfolio.portfolioId && $0.kind == .valueAtRisk })
        let barOrder: (Bar, Bar) -> Bool = { ($0.instrumentId, $0.windowStartNanos, $0.revision) < ($1.instrumentId, $1.windowStartNanos, $1.revision) }
        let sortedLive = liveBars.sorted(by: barOrder), sortedReplay = replayedBars.sorted(by: barOrder)
        #expect(sortedLive.count == sortedReplay.count)
        for (live, replayed) in zip(sortedLive, sortedReplay) where live != replayed {
            Issue.record("bar differs: live \(live), backtest \(replayed)")
            break
        }
        let riskKey: (RiskMetric) -> String = {
            "\($0.portfolioId)|\($0.instrumentId)|\($0.kind.rawValue)|\($0.method.rawValue)|\($0.confidence)|\($0.horizonDays)|\($0.eventTimeNanos)"
        }
        var liveByKey = Dictionary(grouping: liveRisk, by: riskKey), replayByKey = Dictionary(grouping: replayedRisk, by: riskKey)
        if withEuroBond {
            liveByKey = liveByKey.mapValues { [$0.last!] }
            replayByKey = replayByKey.mapValues { [$0.last!] }
        }
        #expect(liveRisk.count == replayedRisk.count)
        #expect(Set(liveByKey.keys) == Set(replayByKey.keys))
        for (key, metrics) in liveByKey where replayByKey[key] != metrics {
            Issue.record("risk differs for \(key): live \(metrics), backtest \(replayByKey[key] ?? [])")
            break
        }
    }

    /// The live run: 1-partition topics, the raw events stored by the warehouse sink, the stream stage, then the
    /// analytics stage over its bars and books. Returns the 1-minute bars and the risk metrics published.
    static func live(_ history: RandomHistory, portfolio: PortfolioHoldings, store: WarehouseStore, state: String) async throws -> ([Bar], [RiskMetric]) {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 1, partitionCapacity: 1_000_000))
        let outputs =
            [TickInput.enrichedTopic, TickOutput.topOfBookTopic, TickProcessor.lateTopic, "dlq.stream", "dlq.analytics",
             AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic] + BarInterval.allCases.map(\.topic)
        for topic in [market, TickInput.fxTopic] + outputs { try transport.declareTopic(topic, partitions: 1) }
        // Readers join before anything is produced or sealed: a group joining a sealed topic reads nothing.
        let barReader = try transport.consumer(group: "read-bars", topics: [BarInterval.oneMinute.topic])
        let riskReader = try transport.consumer(group: "read-risk", topics: [AnalyticsOutput.riskTopic])
        var records: [OutgoingRecord] = []
        for event in history.events {
            switch event.value {
            case .market(let tick):
                records.append(OutgoingRecord(topic: market, key: Array(tick.instrumentId.utf8), value: try tick.serializedBytes()))
            case .fx(let rate):
                records.append(OutgoingRecord(topic: TickInput.fxTopic, key: Array(rate.pair.utf8), value: try rate.serializedBytes()))
            }
        }
        try await transport.makeProducer().send(records)
        transport.seal(topic: market)
        transport.seal(topic: TickInput.fxTopic)

        var logger = Logger(label: "test.backtest.live")
        logger.logLevel = .warning
        let master = BacktestFixtures.master
        let sink = try WarehouseSinkService(
            store: store, consumer: try transport.makeConsumer(group: "warehouse", topics: [market, TickInput.fxTopic]), deadLetters: nil)
        let stream = EmbeddedProcessor(
            configuration: EmbeddedProcessorConfiguration(inputTopics: [market, TickInput.fxTopic]), transport: transport,
            store: try FilePartitionStateStore(directory: state + "/stream"), metrics: TestMetrics(), logger: logger
        ) { _ in TickProcessor(configuration: TickProcessorConfiguration(), instruments: master, metrics: TestMetrics()) }
        let analytics = EmbeddedProcessor(
            configuration: EmbeddedProcessorConfiguration(
                inputTopics: [BarInterval.oneMinute.topic, TickOutput.topOfBookTopic], group: "analytics", stage: "analytics"),
            transport: transport, store: try FilePartitionStateStore(directory: state + "/analytics"), metrics: TestMetrics(), logger: logger
        ) { _ in
            // The configuration is the default one, valid by construction.
            try! AnalyticsPipeline(configuration: AnalyticsConfiguration(interval: .oneMinute), portfolios: [portfolio])
        }
        async let analyzed: Void = analytics.run()
        async let stored: Void = sink.run()
        try await stream.run()
        try await stored
        // The analytics stage has its two input partitions (bars and books) before they are sealed.
        var waits = 0
        while await analytics.ownedPartitions.count < 2, waits < 6_000 {
            try await Task.sleep(for: .milliseconds(10))
            waits += 1
        }
        transport.seal(topic: BarInterval.oneMinute.topic)
        transport.seal(topic: TickOutput.topOfBookTopic)
        try await analyzed
        let bars = try await read(barReader, transport, BarInterval.oneMinute.topic).map { try Bar(serializedBytes: $0.value) }
        let risk = try await read(riskReader, transport, AnalyticsOutput.riskTopic).map { try RiskMetric(serializedBytes: $0.value) }
        return (bars, risk)
    }

    /// Every record of a topic now in the transport, in offset order.
    static func read(_ consumer: InProcessConsumer, _ transport: InProcessTransport, _ topic: String) async throws -> [IncomingRecord] {
        let total = transport.endOffsets(of: topic).reduce(0) { $0 + Int($1) }
        var records: [IncomingRecord] = []
        while records.count < total, let batch = try await consumer.nextBatch(maxRecords: 10_000) { records += batch }
        await consumer.close()
        return records.sorted { $0.offset < $1.offset }
    }
}
