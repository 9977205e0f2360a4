import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport
@testable import Analytics

/// `tickflow analytics run` as a child process on the mock cluster: killed with SIGKILL mid-stream and restarted,
/// it writes every per-instrument metric and forwarded bar exactly once, and the portfolio metrics of the seeded
/// portfolio.
@Suite struct AnalyticsRunCommandTests {
    typealias F = StageFixtures
    typealias K = AnalyticsKafkaTests

    static func spawn(_ cluster: KafkaTestCluster, portfolios: String, state: String, log: String) throws -> pid_t {
        try Command.spawn(AnalyticsCommandTests.tickflow, [
            "analytics", "run", "--brokers", cluster.bootstrapServers, "--group", "analytics", "--instance-id", "r1",
            "--portfolios", portfolios, "--state-directory", state,
        ], logPath: log)
    }

    @Test func aRunKilledMidStreamAndRestartedWritesEachMetricOnce() async throws {
        let cluster = try K.cluster()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-analytics-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let portfolios = directory.appendingPathComponent("portfolios.json").path
        try Data("""
            [{"portfolioId": "PF-R", "baseCurrency": "USD", "positions": [
              {"instrumentId": "\(F.instrument(1))", "quantity": "100"}, {"instrumentId": "\(F.instrument(2))", "quantity": "-50"},
              {"instrumentId": "\(F.instrument(3))", "quantity": "25"}]}]
            """.utf8).write(to: URL(fileURLWithPath: portfolios))
        let state = directory.appendingPathComponent("state").path
        let log = directory.appendingPathComponent("run.log").path
        let bars = K.bars()
        let records = K.records(bars)
        let producer = try cluster.producer()
        try await producer.send(Array(records[..<60]))

        let first = try Self.spawn(cluster, portfolios: portfolios, state: state, log: log)
        let started = await eventually(timeout: .seconds(120)) { await K.count(cluster, AnalyticsOutput.riskTopic, partitions: 3) >= 60 }
        Command.stop(first, signal: SIGKILL)
        let firstLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try #require(started, "log: \(firstLog)")
        try await producer.send(Array(records[60...]))
        try await producer.close()

        let second = try Self.spawn(cluster, portfolios: portfolios, state: state, log: log)
        let lastClose = F.bar(1, window: K.windows - 1, close: 1).windowEndNanos
        let done = await eventually(timeout: .seconds(180)) {
            guard await K.count(cluster, AnalyticsInput.universeTopic, partitions: 1) >= bars.count,
                let risk = try? await K.read(cluster, AnalyticsOutput.riskTopic, partitions: 3)
            else { return false }
            return risk.contains { (try? RiskMetric(serializedBytes: $0.value)).map { $0.portfolioId == "PF-R" && $0.eventTimeNanos >= lastClose } ?? false }
        }
        let status = Command.stop(second, signal: SIGTERM)
        let runLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try #require(done, "log: \(runLog)")
        #expect(status == 0, "graceful stop; log: \(runLog)")

        let universe = try await K.read(cluster, AnalyticsInput.universeTopic, partitions: 1)
        #expect(universe.count == bars.count, "each bar forwarded exactly once")
        let riskRecords = try await K.read(cluster, AnalyticsOutput.riskTopic, partitions: 3)
        var identities = Set<OutputIdentity>()
        #expect(riskRecords.allSatisfy { OutputIdentity($0).map { identities.insert($0).inserted } ?? false })
        let risk = try riskRecords.map { try RiskMetric(serializedBytes: $0.value) }
        var local = try InstrumentAnalyticsStage()
        let expected = try F.run(&local, bars.map(AnalyticsInput.bar)).metrics
        let volatility = risk.filter { $0.kind == .volatility }
        #expect(volatility.count == expected.count)
        #expect(Set(volatility) == Set(expected))
        let portfolio = risk.filter { $0.portfolioId == "PF-R" }
        #expect(Set(portfolio.map(\.method)) == [.parametric, .historical, .monteCarlo])
        let anomalies = try await K.read(cluster, AnalyticsOutput.anomaliesTopic, partitions: 3).map { try Anomaly(serializedBytes: $0.value) }
        #expect(anomalies.map(\.instrumentId) == [F.instrument(3)])
    }
}
