import Foundation
import Model
import Stream
import Testing
@testable import Analytics

@Suite struct AnalyticsPipelineTests {
    typealias F = StageFixtures

    /// Four instruments over 50 windows with a spike, a holdings change, a second portfolio and bad records.
    static func inputs() -> [AnalyticsInput] {
        var inputs: [AnalyticsInput] = [.holdings(F.holdings("PF-A", at: 0, [(1, 100), (2, 50), (3, -30)]))]
        let walks = (1...4).map { F.walk(50, first: 20 * Double($0), sigma: 0.0015, seed: UInt64(40 + $0)) }
        for window in 0..<50 {
            for i in 1...4 {
                var close = walks[i - 1][window]
                if i == 2 && window >= 35 { close *= 1.06 }  // a 6 % jump that stays
                inputs.append(.bar(F.bar(i, window: window, close: close)))
            }
            if window == 20 { inputs.append(.holdings(F.holdings("PF-A", at: 21, [(1, 100), (2, 80), (3, -30)]))) }
            if window == 25 { inputs.append(.holdings(F.holdings("PF-B", at: 26, [(3, 10), (4, 10)]))) }
            if window == 30 {
                var bad = F.bar(4, window: 30, close: 1)
                bad.close = -3
                inputs.append(.bar(bad))
            }
        }
        return inputs
    }

    static func configuration() -> AnalyticsConfiguration {
        var configuration = AnalyticsConfiguration()
        configuration.minimumCovarianceUpdates = 5
        configuration.historicalMinimum = 5
        configuration.monteCarloEveryNanos = 7 * F.minute
        configuration.monteCarlo = MonteCarloVaR.Configuration(scenarios: 1_000, seed: 3)
        return configuration
    }

    /// Both stages in one lane: volatility, anomalies and portfolio risk come out, forwarded bars do not; every
    /// record is stamped with a bar end or a holdings time, never later than the input that produced it.
    @Test func bothStagesRunInOneLane() throws {
        var pipeline = try AnalyticsPipeline(configuration: Self.configuration())
        let inputs = Self.inputs()
        var output = OperatorOutput<AnalyticsOutput>()
        var latestInput: Int64 = 0
        for input in inputs {
            latestInput = max(latestInput, input.eventTimeNanos)
            let before = output.records.count
            try pipeline.process([input.record], into: &output)
            for record in output.records[before...] {
                #expect(record.eventTimeNanos <= latestInput)
                #expect(record.eventTimeNanos > 0)
            }
        }
        #expect(output.reasonCodes == ["INVALID_BAR"])
        #expect(output.records.allSatisfy { if case .universeBar = $0.value { false } else { true } })
        #expect(output.anomalies.map(\.instrumentId) == [F.instrument(2)])
        let portfolios = Set(output.metrics.map(\.portfolioId))
        #expect(portfolios.isSuperset(of: ["PF-A", "PF-B", "instrument:\(F.instrument(1))"]))
        let methods = Set(output.metrics.filter { $0.portfolioId == "PF-A" }.map(\.method))
        #expect(methods == [.parametric, .historical, .monteCarlo])
    }

    /// Snapshot after any prefix, go on; restore into a fresh pipeline and replay the rest: identical records and
    /// rejections (Monte Carlo, historical windows and holdings included).
    @Test(arguments: [37, 120, 150]) func snapshotRestoreReplayGivesIdenticalOutput(cut: Int) throws {
        let inputs = Self.inputs()
        var first = try AnalyticsPipeline(configuration: Self.configuration())
        _ = try F.run(&first, Array(inputs[..<cut]))
        let snapshot = try first.snapshotState()
        let continued = try F.run(&first, Array(inputs[cut...]))
        var restored = try AnalyticsPipeline(configuration: Self.configuration())
        try restored.restoreState(from: snapshot)
        let replayed = try F.run(&restored, Array(inputs[cut...]))
        #expect(continued.metrics.count > 100)
        #expect(replayed.records == continued.records)
        #expect(replayed.rejections == continued.rejections)
        #expect(try restored.snapshotState() == first.snapshotState())
        #expect(throws: (any Error).self) { try restored.restoreState(from: [1, 2, 3]) }
    }
}
