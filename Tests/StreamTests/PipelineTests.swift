import Foundation
import Model
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct PipelineTests {
    typealias StatsPipeline = Pipeline<ConsumerSource<PriceCodec>, RunningStatsOperator, RecordingSink<RunningStats>>

    private func makePipeline(
        transport: InProcessTransport, group: String, output: RecordingStore<RunningStats>,
        checkpoints: any CheckpointStorage, metrics: TestMetrics = TestMetrics()
    ) throws -> StatsPipeline {
        Pipeline(
            stage: "stats",
            source: ConsumerSource(consumer: try transport.makeConsumer(group: group, topics: ["ticks"]), codec: PriceCodec()),
            operators: RunningStatsOperator(), sink: RecordingSink(store: output),
            deadLetters: DeadLetterRouter(producer: try transport.makeProducer(), metrics: metrics),
            checkpoints: checkpoints,
            configuration: .init(lanes: 3, batchSize: 64, laneCapacity: 128, checkpointInterval: nil))
    }

    private func byKey(_ records: [StreamRecord<RunningStats>]) -> [[UInt8]: [RunningStats]] {
        Dictionary(grouping: records) { $0.key ?? [] }.mapValues { $0.map(\.value) }
    }

    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tf-pipeline-\(UUID().uuidString)").path
    }

    @Test func recoveryFromACheckpointEqualsAnUninterruptedRun() async throws {
        let total = 1_000
        // The uninterrupted reference run.
        let reference = InProcessTransport()
        try reference.declareTopic("ticks", partitions: 4)
        try await reference.makeProducer().send(Ticks.records(0..<total, topic: "ticks"))
        reference.seal(topic: "ticks")
        let referenceOutput = RecordingStore<RunningStats>()
        let referenceCheckpoints = InMemoryCheckpointStorage()
        try await makePipeline(transport: reference, group: "stats", output: referenceOutput, checkpoints: referenceCheckpoints).run()
        let referenceFinal = try #require(try await referenceCheckpoints.loadLatest())
        #expect(referenceOutput.all.count == total)

        // Run to the middle, checkpoint, process more, then die without a final checkpoint.
        let transport = InProcessTransport()
        try transport.declareTopic("ticks", partitions: 4)
        let producer = try transport.makeProducer()
        let output = RecordingStore<RunningStats>()
        let checkpoints = try CheckpointStore(directory: temporaryDirectory())
        try await producer.send(Ticks.records(0..<500, topic: "ticks"))
        let first = try makePipeline(transport: transport, group: "stats", output: output, checkpoints: checkpoints)
        let running = Task { try await first.run() }
        await output.waitUntil(count: 500)
        let checkpointID = try await first.checkpoint()
        try await producer.send(Ticks.records(500..<700, topic: "ticks"))
        await output.waitUntil(count: 700)
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
        #expect(try checkpoints.ids() == [checkpointID])
        #expect(transport.committedOffsets(group: "stats").values.reduce(0, +) == 500)

        // Restart from the checkpoint and finish the input.
        try await producer.send(Ticks.records(700..<total, topic: "ticks"))
        transport.seal(topic: "ticks")
        try await makePipeline(transport: transport, group: "stats", output: output, checkpoints: checkpoints).run()

        #expect(output.all.count == total)
        #expect(byKey(output.all) == byKey(referenceOutput.all))
        let final = try #require(try await checkpoints.loadLatest())
        #expect(final.lanes == referenceFinal.lanes)
        #expect(final.positions == referenceFinal.positions)
        #expect(final.positions.map(\.offset).reduce(0, +) == Int64(total))
    }

    @Test func badRecordsAreDeadLetteredCountedAndThePipelineGoesOn() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 2))
        let producer = try transport.makeProducer()
        let dlq = try transport.consumer(group: "inspect", topics: ["dlq.stats"])
        var records = Ticks.records(0..<20, topic: "ticks")
        records[5].value = [1, 2, 3]
        records[9].value = try PriceCodec().encode(-4)
        try await producer.send(records)
        transport.seal(topic: "ticks")
        let output = RecordingStore<RunningStats>()
        let metrics = TestMetrics()

        try await makePipeline(transport: transport, group: "stats", output: output, checkpoints: InMemoryCheckpointStorage(), metrics: metrics).run()

        #expect(output.all.count == 18)
        let letters = try #require(try await dlq.nextBatch(maxRecords: 10)).map { try DeadLetter(serializedBytes: $0.value) }
        #expect(Set(letters.map(\.reasonCode)) == ["DECODE_ERROR", "INVALID_PRICE"])
        #expect(Set(letters.map(\.payload)) == [[1, 2, 3], try PriceCodec().encode(-4)])
        #expect(Set(letters.map { $0.key ?? [] }) == [Ticks.key(5), Ticks.key(9)])
        #expect(letters.allSatisfy { $0.stage == "stats" && $0.sourceTopic == "ticks" && $0.sourceOffset >= 0 })
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "stats"), ("reason", "DECODE_ERROR")]) == 1)
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "stats"), ("reason", "INVALID_PRICE")]) == 1)
        #expect(transport.committedOffsets(group: "stats").values.reduce(0, +) == 20)
    }

    @Test func outputKeepsEachKeysOrderAcrossLanes() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 3))
        try await transport.makeProducer().send(Ticks.records(0..<600, topic: "ticks", instruments: 9))
        transport.seal(topic: "ticks")
        let output = RecordingStore<RunningStats>()
        try await makePipeline(transport: transport, group: "stats", output: output, checkpoints: InMemoryCheckpointStorage()).run()
        for (key, stats) in byKey(output.all) {
            let counts: [Int] = stats.map(\.count)
            #expect(counts == Array(1...counts.count) && (66...67).contains(counts.count), "key \(key)")
        }
        #expect(output.all.count == 600)
    }
}
