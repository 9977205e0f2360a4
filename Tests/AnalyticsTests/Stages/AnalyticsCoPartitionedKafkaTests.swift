import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport
@testable import Analytics

/// The per-instrument stage as `tickflow analytics run` wires it — `bars.1m` and `market-data.top-of-book`
/// co-partitioned, one task per partition number — on librdkafka's mock cluster: a crossed or wide book before a
/// bar shows in that bar's anomaly exactly as in process; a crash and restart writes the same outputs once; two
/// processors split the tasks whole; topics of different partition counts are refused.
@Suite(.serialized) struct AnalyticsCoPartitionedKafkaTests {
    typealias F = StageFixtures
    typealias K = AnalyticsKafkaTests

    static let instruments = 1...6
    static let windows = 40
    static let second: Int64 = 1_000_000_000
    static let outputTopics = [AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic, AnalyticsInput.universeTopic]

    /// Six instruments' quiet random walks over 40 one-minute windows.
    static let bars: [Bar] = {
        let walks = instruments.map { F.walk(windows, first: 20 * Double($0), sigma: 0.001, seed: UInt64(80 + $0)) }
        return (0..<windows).flatMap { window in instruments.map { F.bar($0, window: window, close: walks[$0 - 1][window]) } }
    }()

    /// Books 10, 30 and 50 s into each window around the window's close, relative spread 0.1 % ± 20 %; instrument 2's
    /// book 50 s into window 25 is crossed, instrument 5's 50 s into window 30 is 3 % wide, both quiet again 10 s later.
    static let books: [TopOfBook] = {
        var generator = SeededGenerator(seed: 7)
        return (0..<windows).flatMap { window in
            instruments.flatMap { i in
                [10, 30, 50].map { seconds -> TopOfBook in
                    let mid = bars[window * instruments.count + i - 1].close
                    var half = mid * 0.0005 * (1 + 0.2 * (2 * generator.nextUniform() - 1))
                    if i == 5 && window == 30 && seconds == 50 { half = mid * 0.015 }
                    if i == 2 && window == 25 && seconds == 50 { half = -mid * 0.0005 }
                    let time = F.start + Int64(window) * F.minute + Int64(seconds) * second
                    return TopOfBook(
                        instrumentId: F.instrument(i), symbol: "SYM\(i)", bidPrice: mid - half, bidSize: 5, bidVenue: "XNAS",
                        askPrice: mid + half, askSize: 5, askVenue: "XNYS", currency: "USD", eventTimeNanos: time, ingestTimeNanos: time + 1_000)
                }
            }
        }
    }()

    /// Bars and books as one input in event-time order (no two share a time).
    static var inputs: [AnalyticsInput] {
        (bars.map(AnalyticsInput.bar) + books.map(AnalyticsInput.topOfBook)).sorted { $0.eventTimeNanos < $1.eventTimeNanos }
    }

    /// The inputs of windows `range` as records of their topics, keyed by instrument, in event-time order.
    static func records(windows range: Range<Int>) -> [OutgoingRecord] {
        let from = F.start + Int64(range.lowerBound) * F.minute, to = F.start + Int64(range.upperBound) * F.minute
        return inputs.filter { $0.eventTimeNanos > from && $0.eventTimeNanos <= to }.map { input in
            switch input {
            case .bar(let bar):
                OutgoingRecord(topic: "bars.1m", key: Array(bar.instrumentId.utf8), value: try! bar.serializedBytes())
            case .topOfBook(let book):
                OutgoingRecord(topic: AnalyticsInput.topOfBookTopic, key: Array(book.instrumentId.utf8), value: try! book.serializedBytes())
            case .holdings:
                fatalError("no holdings here")
            }
        }
    }

    /// What `AnalyticsPipeline` emits in process over the same inputs.
    static func inProcess() throws -> (anomalies: [Anomaly], volatility: [RiskMetric]) {
        var pipeline = try AnalyticsPipeline(configuration: AnalyticsConfiguration())
        let output = try F.run(&pipeline, inputs)
        return (output.anomalies, output.metrics.filter { $0.kind == .volatility })
    }

    static func configuration(_ cluster: KafkaTestCluster, instance: String) -> PartitionedProcessorConfiguration {
        var configuration = PartitionedProcessorConfiguration(
            bootstrapServers: cluster.bootstrapServers, group: "an", inputTopics: ["bars.1m", AnalyticsInput.topOfBookTopic],
            outputTopics: outputTopics)
        configuration.stage = "analytics"
        configuration.coPartitioned = true
        // As `analytics run` (--align-millis): the merge's order is the replay's as long as neither topic lags the
        // other by more than this, and on a loaded machine the default 1 s is not enough.
        configuration.coPartitionMaxIdle = .seconds(5)
        configuration.instanceID = instance
        configuration.maxBatchRecords = 40
        configuration.snapshots = .init(snapshotEveryRecords: 60, snapshotIntervalNanos: nil)
        configuration.additionalProperties = ["log_level": "3"]
        return configuration
    }

    static func start(
        _ cluster: KafkaTestCluster, instance: String
    ) async throws -> (PartitionedProcessor<InstrumentAnalyticsStage>, Task<Void, any Error>) {
        var settings = AnalyticsConfiguration()
        settings.forwardToUniverse = true
        let stage = try InstrumentAnalyticsStage(configuration: settings)
        let store = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: "analytics-state")
        let processor = PartitionedProcessor(configuration: configuration(cluster, instance: instance), store: store) { _ in stage }
        let task = Task {
            defer { Task { await store.close() } }
            try await processor.run()
        }
        return (processor, task)
    }

    /// Feeds the windows in chunks of four, both topics together, while a test runs processors.
    static func feed(_ cluster: KafkaTestCluster) -> Task<Void, any Error> {
        Task {
            let producer = try cluster.producer()
            for start in stride(from: 0, to: windows, by: 4) {
                try await producer.send(records(windows: start..<min(windows, start + 4)))
                try await Task.sleep(for: .milliseconds(150))
            }
            try await producer.close()
        }
    }

    /// Waits until every bar was forwarded: a bar's metrics and anomaly go out in the same batch, before it.
    static func waitForAll(_ cluster: KafkaTestCluster) async -> Bool {
        await eventually(timeout: .seconds(150)) {
            await K.count(cluster, AnalyticsInput.universeTopic, partitions: 1) >= bars.count
        }
    }

    /// The outputs written, and how many records carry an output identity already seen.
    static func outputs(_ cluster: KafkaTestCluster) async throws -> (anomalies: [Anomaly], volatility: [RiskMetric], forwarded: Int, duplicates: Int) {
        var identities = Set<OutputIdentity>()
        var duplicates = 0
        var written: [String: [IncomingRecord]] = [:]
        for topic in outputTopics {
            let records = try await K.read(cluster, topic, partitions: topic == AnalyticsInput.universeTopic ? 1 : 3)
            for record in records {
                if let identity = OutputIdentity(record), !identities.insert(identity).inserted { duplicates += 1 }
            }
            written[topic] = records
        }
        let anomalies = try (written[AnalyticsOutput.anomaliesTopic] ?? []).map { try Anomaly(serializedBytes: $0.value) }
        let risk = try (written[AnalyticsOutput.riskTopic] ?? []).map { try RiskMetric(serializedBytes: $0.value) }
        return (anomalies, risk.filter { $0.kind == .volatility }, written[AnalyticsInput.universeTopic]?.count ?? 0, duplicates)
    }

    static func sorted(_ anomalies: [Anomaly]) -> [Anomaly] {
        anomalies.sorted { ($0.instrumentId, $0.eventTimeNanos) < ($1.instrumentId, $1.eventTimeNanos) }
    }

    @Test func theInProcessReferenceFlagsTheCrossedAndTheWideBook() throws {
        let anomalies = try Self.inProcess().anomalies
        let crossedAt = F.bar(2, window: 25, close: 1).windowEndNanos
        let wideAt = F.bar(5, window: 30, close: 1).windowEndNanos
        let crossed = try #require(anomalies.first { $0.instrumentId == F.instrument(2) && $0.eventTimeNanos == crossedAt })
        #expect(crossed.components["crossed"] == 1)
        let wide = try #require(anomalies.first { $0.instrumentId == F.instrument(5) && $0.eventTimeNanos == wideAt })
        #expect((wide.components["spread_zscore"] ?? 0) > 0.99)
        // The quiet bars stay quiet: only the two books are flagged.
        #expect(anomalies.count == 2)
    }

    @Test func aCrashAndRestartWritesTheInProcessAnomaliesOnceWithTheirBookComponents() async throws {
        let cluster = try K.cluster()
        let expected = try Self.inProcess()
        let feeding = Self.feed(cluster)
        let (_, crashing) = try await Self.start(cluster, instance: "crashing")
        let midway = await eventually(timeout: .seconds(90)) {
            await K.count(cluster, AnalyticsInput.universeTopic, partitions: 1) >= Self.bars.count / 3
        }
        crashing.cancel()  // like kill -9: no snapshot, no flush
        _ = await crashing.result
        try #require(midway)
        try await feeding.value
        let (processor, task) = try await Self.start(cluster, instance: "crashing")
        let complete = await Self.waitForAll(cluster)
        processor.stop()
        try await task.value
        try #require(complete)

        let written = try await Self.outputs(cluster)
        #expect(written.duplicates == 0)
        #expect(written.forwarded == Self.bars.count)
        #expect(Self.sorted(written.anomalies) == Self.sorted(expected.anomalies))
        let crossed = written.anomalies.first { $0.instrumentId == F.instrument(2) }
        #expect(crossed?.components["crossed"] == 1)
        let wide = written.anomalies.first { $0.instrumentId == F.instrument(5) }
        #expect((wide?.components["spread_zscore"] ?? 0) > 0.99)
        #expect(Set(written.volatility) == Set(expected.volatility))
        #expect(written.volatility.count == expected.volatility.count)
    }

    @Test func twoProcessorsSplitTheTasksWholeAndTogetherWriteTheInProcessAnomalies() async throws {
        let cluster = try K.cluster()
        let expected = try Self.inProcess()
        let (first, firstTask) = try await Self.start(cluster, instance: "one")
        let (second, secondTask) = try await Self.start(cluster, instance: "two")
        let split = await eventually(timeout: .seconds(60)) {
            let (a, b) = (await first.ownedPartitions.count, await second.ownedPartitions.count)
            return a > 0 && b > 0 && a + b == 3
        }
        let owned = [await first.ownedInputPartitions, await second.ownedInputPartitions]
        try await Self.feed(cluster).value
        let complete = await Self.waitForAll(cluster)
        first.stop()
        second.stop()
        try await firstTask.value
        try await secondTask.value
        try #require(split)
        try #require(complete)

        // Each member owns both topics' partitions of its numbers, and the numbers are shared out disjointly.
        for partitions in owned {
            let barNumbers = Set(partitions.filter { $0.topic == "bars.1m" }.map(\.partition))
            let bookNumbers = Set(partitions.filter { $0.topic == AnalyticsInput.topOfBookTopic }.map(\.partition))
            #expect(barNumbers == bookNumbers)
            #expect(!barNumbers.isEmpty)
        }
        let all = owned[0] + owned[1]
        #expect(all.count == 6)
        #expect(Set(all).count == 6)

        let written = try await Self.outputs(cluster)
        #expect(written.duplicates == 0)
        #expect(Self.sorted(written.anomalies) == Self.sorted(expected.anomalies))
        #expect(Set(written.volatility) == Set(expected.volatility))
    }

    @Test func coPartitionedTopicsOfDifferentPartitionCountsAreAConfigurationError() async throws {
        let cluster = try KafkaTestCluster()
        try cluster.mock.createTopic("bars.1m", partitions: 3, replicationFactor: 3)
        try cluster.mock.createTopic(AnalyticsInput.topOfBookTopic, partitions: 2, replicationFactor: 3)
        for topic in Self.outputTopics + ["dlq.analytics"] { try cluster.mock.createTopic(topic, partitions: 1, replicationFactor: 3) }
        let store = try FilePartitionStateStore(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("tf-copart-\(UUID().uuidString)").path)
        let stage = try InstrumentAnalyticsStage()
        let processor = PartitionedProcessor(configuration: Self.configuration(cluster, instance: "mismatch"), store: store) { _ in stage }
        let error = await #expect(throws: StreamError.self) { try await processor.run() }
        #expect(error?.code == .configuration)
        let message = error?.message ?? ""
        #expect(message.contains("bars.1m: 3") && message.contains("market-data.top-of-book: 2"), "\(message)")
    }
}
