import Testing

@testable import Stream

@Suite struct ChainedOperatorTests {
    @Test func chainRunsBothAndSnapshotsBothStates() throws {
        var chain = PassThroughOperator<Double>().then(RunningStatsOperator())
        var output = OperatorOutput<RunningStats>()
        let input = [3.0, -1, 5].enumerated().map { StreamRecord(key: [7], value: $0.element, eventTimeNanos: Int64($0.offset)) }
        try chain.process(input, into: &output)
        #expect(output.records.map(\.value) == [RunningStats(count: 1, sum: 3), RunningStats(count: 2, sum: 8)])
        #expect(output.records.map(\.eventTimeNanos) == [0, 2])
        #expect(output.rejections.map(\.reasonCode) == ["INVALID_PRICE"])

        var restored = PassThroughOperator<Double>().then(RunningStatsOperator())
        try restored.restoreState(from: try chain.snapshotState())
        #expect(restored.second.state[[7]] == RunningStats(count: 2, sum: 8))
        #expect(throws: StreamError.self) { try restored.restoreState(from: [1, 2]) }
    }
}
