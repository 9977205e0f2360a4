import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

/// The partitioned processor on the mock cluster: a crash (the run torn down mid-stream with no graceful step)
/// and restart, a rebalance with two processors, and a poison record in a batch, each compared with what an
/// uninterrupted run writes.
@Suite(.serialized) struct PartitionedProcessorTests {
    static let tickCount = 9_000

    /// The outputs of one uninterrupted processor over the same input.
    static func uninterruptedRun(ticks count: Int) async throws -> [String: [String: [String]]] {
        let scenario = try ProcessorScenario()
        try await scenario.produceScales()
        try await scenario.produce((0..<count).map(scenario.tick) + scenario.closingTicks)
        let (processor, task) = try await scenario.start(instance: "reference")
        let complete = try await scenario.waitForOutputs(ticks: count)
        processor.stop()
        try await task.value
        try #require(complete)
        let outputs = try await scenario.outputs()
        #expect(outputs.duplicateIdentities == 0)
        return outputs.values
    }

    /// Produces ticks in chunks while a test kills or rebalances processors.
    static func feed(_ scenario: ProcessorScenario, _ range: Range<Int>, chunk: Int = 300) -> Task<Void, any Error> {
        Task {
            for start in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                try await scenario.produce((start..<min(range.upperBound, start + chunk)).map(scenario.tick))
                try await Task.sleep(for: .milliseconds(60))
            }
        }
    }

    @Test func aProcessorKilledMidStreamAndRestartedWritesExactlyTheOutputOfAnUninterruptedRun() async throws {
        let expected = try await Self.uninterruptedRun(ticks: Self.tickCount)
        let scenario = try ProcessorScenario()
        try await scenario.produceScales()
        let feeding = Self.feed(scenario, 0..<Self.tickCount)
        // Two crashes at random moments while ticks arrive, each after at least some output was written.
        for crash in 1...2 {
            let (_, task) = try await scenario.start(instance: "crashing")
            let threshold = Int.random(in: (crash * Self.tickCount / 5)...(crash * Self.tickCount / 3))
            let reached = await eventually(timeout: .seconds(90)) { ((try? await scenario.count(scenario.echo)) ?? 0) >= threshold }
            try #require(reached)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...150)))
            task.cancel()
            _ = await task.result
        }
        try await feeding.value
        try await scenario.produce(scenario.closingTicks)
        let (processor, task) = try await scenario.start(instance: "crashing")
        let complete = try await scenario.waitForOutputs(ticks: Self.tickCount)
        processor.stop()
        try await task.value
        try #require(complete)

        let outputs = try await scenario.outputs()
        #expect(outputs.duplicateIdentities == 0)
        let counts = scenario.expectedCounts(ticks: Self.tickCount)
        let echoCount = outputs.values["echo"]?.values.reduce(0) { $0 + $1.count }
        let sumCount = outputs.values["sums"]?.values.reduce(0) { $0 + $1.count }
        #expect(echoCount == counts.echo)
        #expect(sumCount == counts.sums)
        #expect(outputs.values == expected)
    }

    @Test func twoProcessorsShareThePartitionsAndStateMovesWithThemOnRebalance() async throws {
        let expected = try await Self.uninterruptedRun(ticks: Self.tickCount)
        let scenario = try ProcessorScenario()
        try await scenario.produceScales()
        let third = Self.tickCount / 3

        try await scenario.produce((0..<third).map(scenario.tick))
        let (first, firstTask) = try await scenario.start(instance: "one")
        let firstWorking = await eventually { ((try? await scenario.count(scenario.echo)) ?? 0) >= third / 2 }
        try #require(firstWorking)

        // A second processor joins mid-stream: the partitions are split between the two.
        let feeding = Self.feed(scenario, third..<(2 * third))
        let (second, secondTask) = try await scenario.start(instance: "two")
        let split = await eventually {
            let (a, b) = (await first.ownedPartitions.count, await second.ownedPartitions.count)
            return a > 0 && b > 0 && a + b == 3
        }
        #expect(split)
        try await feeding.value

        // The first leaves mid-stream: the second takes every partition over, from the first's snapshots.
        let progressed = await eventually { ((try? await scenario.count(scenario.echo)) ?? 0) >= third + third / 2 }
        #expect(progressed)
        first.stop()
        try await firstTask.value
        let takenOver = await eventually { await second.ownedPartitions.count == 3 }
        #expect(takenOver)
        try await scenario.produce((2 * third..<Self.tickCount).map(scenario.tick) + scenario.closingTicks)
        let complete = try await scenario.waitForOutputs(ticks: Self.tickCount)
        second.stop()
        try await secondTask.value
        try #require(complete)

        let outputs = try await scenario.outputs()
        #expect(outputs.duplicateIdentities == 0)
        #expect(outputs.values == expected)
    }

    @Test func aPoisonRecordInTheMiddleOfABatchGoesToTheDeadLetterTopicAndTheRestIsProcessed() async throws {
        let scenario = try ProcessorScenario()
        let key = Array("I0".utf8)
        let values = ["I0,1000,5", "I0,1100,6", "\u{FF}not a tick", "I0,1200,-1", "I0,1300,7", "I0,2500,1"]
        try await scenario.produce(values.map { OutgoingRecord(topic: scenario.ticks, key: key, value: Array($0.utf8)) })
        let (processor, task) = try await scenario.start(instance: "poison") { $0.maxBatchRecords = 100 }
        let done = await eventually { ((try? await scenario.count(scenario.sums)) ?? 0) >= 1 }
        processor.stop()
        try await task.value
        try #require(done)

        let echoed = try await scenario.read(scenario.echo).map { String(decoding: $0.value, as: UTF8.self) }
        #expect(echoed == ["I0,1000,5", "I0,1100,6", "I0,1300,7", "I0,2500,1"])
        let sums = try await scenario.read(scenario.sums).map { String(decoding: $0.value, as: UTF8.self) }
        #expect(sums == ["I0,1000,18"])
        let letters = try await scenario.read(scenario.deadLetters).map { try DeadLetter(serializedBytes: $0.value) }
        #expect(letters.map(\.reasonCode) == ["DECODE_ERROR", "NEGATIVE_AMOUNT"])
        #expect(letters.map(\.sourceOffset) == [2, 3])
        #expect(letters.map(\.stage) == ["stream", "stream"])
        #expect(letters.first?.payload == Array("\u{FF}not a tick".utf8))
        #expect(letters.allSatisfy { $0.sourceTopic == scenario.ticks })
    }
}
