import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport
@testable import Analytics

/// The two stages as `tickflow analytics run` wires them, on librdkafka's mock cluster: bars in on `bars.1m`
/// (3 partitions) and holdings on `portfolios.holdings`; out on `analytics.risk` and `analytics.anomalies`, via the
/// one-partition `analytics.universe-bars`, exactly once, with a malformed bar dead-lettered.
@Suite(.serialized) struct AnalyticsKafkaTests {
    typealias F = StageFixtures

    static let windows = 40

    static func read(_ cluster: KafkaTestCluster, _ topic: String, partitions: Int) async throws -> [IncomingRecord] {
        let consumer = try cluster.consumer()
        let list = (0..<partitions).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let total = Int(try await consumer.endOffsets(list).reduce(0) { $0 + $1.offset })
        try consumer.assign(list.map { TopicPartitionOffset($0, offset: KafkaConsumer.beginning) })
        let records = try await consumer.collect(total, timeout: .seconds(60))
        await consumer.close()
        return records
    }

    static func count(_ cluster: KafkaTestCluster, _ topic: String, partitions: Int) async -> Int {
        guard let consumer = try? cluster.consumer() else { return 0 }
        let list = (0..<partitions).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let total = (try? await consumer.endOffsets(list))?.reduce(0) { $0 + $1.offset } ?? 0
        await consumer.close()
        return Int(total)
    }

    /// A mock cluster with the analytics topics (3 partitions; the universe and holdings topics 1).
    static func cluster() throws -> KafkaTestCluster {
        let cluster = try KafkaTestCluster()
        for topic in ["bars.1m", AnalyticsInput.topOfBookTopic, AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic, "dlq.analytics", "analytics-state"] {
            try cluster.mock.createTopic(topic, partitions: 3, replicationFactor: 3)
        }
        try cluster.mock.createTopic(AnalyticsInput.universeTopic, partitions: 1, replicationFactor: 3)
        try cluster.mock.createTopic(AnalyticsInput.holdingsTopic, partitions: 1, replicationFactor: 3)
        return cluster
    }

    /// Three instruments over 40 one-minute windows; the third jumps 8 % at window 30 and stays there.
    static func bars() -> [Bar] {
        let walks = (1...3).map { F.walk(Self.windows, first: 30 * Double($0), sigma: 0.001, seed: UInt64(60 + $0)) }
        return (0..<Self.windows).flatMap { window in
            (1...3).map { i in F.bar(i, window: window, close: walks[i - 1][window] * (i == 3 && window >= 30 ? 1.08 : 1)) }
        }
    }

    /// The bars as records of `bars.1m`, keyed by instrument.
    static func records(_ bars: [Bar]) -> [OutgoingRecord] {
        bars.map { OutgoingRecord(topic: "bars.1m", key: Array($0.instrumentId.utf8), value: try! $0.serializedBytes()) }
    }

    @Test func barsInRiskAndAnomaliesOut() async throws {
        let cluster = try Self.cluster()
        var configuration = AnalyticsConfiguration()
        configuration.minimumCovarianceUpdates = 5
        configuration.monteCarloEveryNanos = 10 * F.minute
        configuration.monteCarlo = MonteCarloVaR.Configuration(scenarios: 1_000, seed: 1)
        let bars = Self.bars()
        let barCount = bars.count
        let holdings = F.holdings("PF-K", at: 0, [(1, 100), (2, 100), (3, 100)])
        let producer = try cluster.producer()
        var records = Self.records(bars)
        records.insert(OutgoingRecord(topic: "bars.1m", key: Array(F.instrument(1).utf8), value: [0xFF, 0x00, 0x13]), at: 10)
        records.append(OutgoingRecord(topic: AnalyticsInput.holdingsTopic, key: Array("PF-K".utf8), value: try holdings.serializedBytes()))
        try await producer.send(records)
        try await producer.close()

        var perInstrument = configuration
        perInstrument.forwardToUniverse = true
        let instrumentStage = try InstrumentAnalyticsStage(configuration: perInstrument)
        let portfolioStage = try PortfolioRiskStage(configuration: configuration)
        func processorConfiguration(group: String, inputs: [String], outputs: [String]) -> PartitionedProcessorConfiguration {
            var c = PartitionedProcessorConfiguration(bootstrapServers: cluster.bootstrapServers, group: group, inputTopics: inputs, outputTopics: outputs)
            c.stage = "analytics"
            c.instanceID = group
            c.additionalProperties = ["log_level": "3"]
            return c
        }
        let store = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: "analytics-state")
        let first = PartitionedProcessor(
            configuration: processorConfiguration(
                group: "an", inputs: ["bars.1m"],
                outputs: [AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic, AnalyticsInput.universeTopic]),
            store: store) { _ in instrumentStage }
        let second = PartitionedProcessor(
            configuration: processorConfiguration(
                group: "an.portfolio", inputs: [AnalyticsInput.universeTopic, AnalyticsInput.holdingsTopic], outputs: [AnalyticsOutput.riskTopic]),
            store: store) { _ in portfolioStage }
        let tasks = [Task { try await first.run() }, Task { try await second.run() }]

        // Every bar forwarded once, and the portfolio stage caught up with the last window's close.
        let lastClose = F.bar(1, window: Self.windows - 2, close: 1).windowEndNanos
        let done = await eventually(timeout: .seconds(120)) {
            guard await Self.count(cluster, AnalyticsInput.universeTopic, partitions: 1) >= barCount,
                let risk = try? await Self.read(cluster, AnalyticsOutput.riskTopic, partitions: 3)
            else { return false }
            return risk.contains { (try? RiskMetric(serializedBytes: $0.value)).map { $0.portfolioId == "PF-K" && $0.eventTimeNanos >= lastClose } ?? false }
        }
        first.stop()
        second.stop()
        for task in tasks { try await task.value }
        await store.close()
        try #require(done)

        let universe = try await Self.read(cluster, AnalyticsInput.universeTopic, partitions: 1)
        #expect(universe.count == bars.count, "each accepted bar forwarded exactly once")
        let risk = try await Self.read(cluster, AnalyticsOutput.riskTopic, partitions: 3).map { try RiskMetric(serializedBytes: $0.value) }
        let anomalies = try await Self.read(cluster, AnalyticsOutput.anomaliesTopic, partitions: 3).map { try Anomaly(serializedBytes: $0.value) }
        let letters = try await Self.read(cluster, "dlq.analytics", partitions: 3).map { try DeadLetter(serializedBytes: $0.value) }
        #expect(letters.map(\.reasonCode) == ["DECODE_ERROR"])
        #expect(anomalies.map(\.instrumentId) == [F.instrument(3)])
        #expect(anomalies.first?.eventTimeNanos == F.bar(3, window: 30, close: 1).windowEndNanos)

        // Per-instrument volatility is partition-local and deterministic: equal to the in-process stage's.
        var local = try InstrumentAnalyticsStage(configuration: configuration)
        let expected = try F.run(&local, bars.map(AnalyticsInput.bar)).metrics
        let volatility = risk.filter { $0.kind == .volatility }
        #expect(Set(volatility) == Set(expected))
        #expect(volatility.count == expected.count)
        let portfolio = risk.filter { $0.portfolioId == "PF-K" }
        #expect(Set(portfolio.map(\.method)) == [.parametric, .historical, .monteCarlo])
        #expect(portfolio.allSatisfy { $0.eventTimeNanos > F.start && $0.eventTimeNanos <= F.bar(1, window: Self.windows - 1, close: 1).windowEndNanos })
    }
}

/// Polls `condition` every 200 ms until it holds or `timeout` passes.
func eventually(timeout: Duration, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return false
}
