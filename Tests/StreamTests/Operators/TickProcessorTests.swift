import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct TickProcessorTests {
    typealias F = TickFixtures
    let t0 = TickFixtures.t0, s = TickFixtures.second, ms = TickFixtures.millisecond

    @Test func poisonRecordsInTheMiddleOfABatchAreDeadLetteredAndEverythingAroundThemIsProcessed() throws {
        let clean = TickScenario(seed: 7, ticks: 400, maxDelay: 0).arrivals
        var poisoned = clean
        var nan = F.trade("MSFT", 415.1, 10, at: t0 + 3 * s)
        if case .trade(var trade) = nan { trade.price = .nan; nan = .trade(trade) }
        let stranger = Trade(
            instrumentId: "00000000-0000-5000-8000-000000000000", symbol: "ZZZZ", price: 10, quantity: 1, currency: "USD",
            eventTimeNanos: t0 + 3 * s, ingestTimeNanos: t0 + 3 * s)
        poisoned.insert(.market(nan), at: 200)
        poisoned.insert(.market(.trade(stranger)), at: 201)

        var reference = try F.processor()
        let expected = try F.run(&reference, clean)
        var processor = try F.processor()
        let output = try F.run(&processor, poisoned)
        #expect(output.rejections.map(\.reasonCode) == ["INVALID_PRICE", "UNKNOWN_INSTRUMENT"])
        #expect(output.rejections.map { $0.position?.offset } == [200, 201])
        #expect(output.records.map(\.value) == expected.records.map(\.value))
        #expect(output.enriched.count == expected.enriched.count && expected.enriched.count > 300)
    }

    @Test(arguments: [1, 57, 250, 333, 499])
    func snapshotRestoreAndReplayGiveTheOutputOfAnUninterruptedRun(split: Int) throws {
        let inputs = TickScenario(seed: 11, ticks: 500, maxDelay: 3 * s).arrivals
        let records = F.records(inputs)
        var uninterrupted = try F.processor()
        var expected = OperatorOutput<TickOutput>()
        try uninterrupted.process(records, into: &expected)
        try uninterrupted.finish(into: &expected)

        var first = try F.processor()
        var output = OperatorOutput<TickOutput>()
        try first.process(Array(records[..<split]), into: &output)
        let snapshot = try first.snapshotState()
        // More input after the snapshot is lost with the crash; the restored processor replays it.
        try first.process(Array(records[split...].prefix(40)), into: &OperatorOutput<TickOutput>.discard)
        var restored = try F.processor()
        try restored.restoreState(from: snapshot)
        #expect(try restored.snapshotState() == snapshot)
        try restored.process(Array(records[split...]), into: &output)
        try restored.finish(into: &output)
        #expect(output.records == expected.records)
        #expect(output.rejections == expected.rejections)
    }

    @Test func anEmptySnapshotRestoresAFreshProcessorAndGarbageIsRefused() throws {
        var processor = try F.processor()
        _ = try F.run(&processor, [.market(F.trade("AAPL", 189.40, 100, at: t0))], finish: false)
        try processor.restoreState(from: [])
        #expect(try processor.snapshotState() == (try F.processor().snapshotState()))
        #expect(throws: StreamError.self) { try processor.restoreState(from: [1, 2, 3]) }
        #expect(throws: StreamError.self) { try processor.restoreState(from: [9]) }
    }

    @Test func withoutEnrichedTicksTheBarsBooksAndRejectionsAreThoseOfAFullRun() throws {
        var inputs = TickScenario(seed: 5, ticks: 600, maxDelay: 3 * s).arrivals
        inputs.insert(.market(F.trade("MSFT", -1, 10, at: t0 + 4 * s)), at: 300)
        let records = F.records(inputs)
        var full = try F.processor(), quiet = try F.processor { $0.emitsEnrichedTicks = false }
        var expected = OperatorOutput<TickOutput>(), output = OperatorOutput<TickOutput>()
        try full.process(records, into: &expected)
        try full.finish(into: &expected)
        try quiet.process(records, into: &output)
        try quiet.finish(into: &output)
        func isEnriched(_ record: StreamRecord<TickOutput>) -> Bool {
            if case .enriched = record.value.value { return true }
            return false
        }
        #expect(expected.records.filter(isEnriched).count > 400)
        #expect(!output.records.contains(where: isEnriched))
        #expect(output.records == expected.records.filter { !isEnriched($0) })
        #expect(output.rejections == expected.rejections && expected.rejections.map(\.reasonCode) == ["INVALID_PRICE"])

        var aggregateless = try TickProcessorConfiguration(stages: StageSet([.validate, .enrich]))
        aggregateless.emitsEnrichedTicks = false
        #expect(throws: StreamError.self) { try aggregateless.validate() }
    }

    @Test func ticksOfSeveralPartitionsKeepSeparateWatermarks() throws {
        var processor = try F.processor { $0.intervals = [.oneSecond] }
        let east = TopicPartition(topic: "market-data.equities.us", partition: 1)
        let west = TopicPartition(topic: "market-data.equities.us", partition: 2)
        var output = OperatorOutput<TickOutput>()
        try processor.process(F.records([.market(F.trade("AAPL", 189.40, 100, at: t0 + 100 * ms))], partition: east), into: &output)
        // West runs far ahead; east's bar must wait for east's own watermark.
        try processor.process(F.records([.market(F.trade("MSFT", 415.10, 10, at: t0 + 60 * s))], partition: west), into: &output)
        #expect(output.bars(.oneSecond).isEmpty)
        try processor.process(F.records([.market(F.trade("AAPL", 189.50, 100, at: t0 + 3_100 * ms))], partition: east, firstOffset: 1), into: &output)
        #expect(output.bars(.oneSecond).map(\.symbol) == ["AAPL"])
        try processor.finish(into: &output)
        // At the end, each partition's open windows in turn: east's two gap fills and its last bar, then west's.
        #expect(output.bars(.oneSecond).map(\.symbol) == ["AAPL", "AAPL", "AAPL", "AAPL", "MSFT"])
        #expect(output.bars(.oneSecond).map(\.tradeCount) == [1, 0, 0, 1, 1])
    }
}

extension OperatorOutput<TickOutput> {
    /// A scratch output whose content is thrown away.
    static var discard: OperatorOutput<TickOutput> {
        get { OperatorOutput() }
        set {}
    }
}
