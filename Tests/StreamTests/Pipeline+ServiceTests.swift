import Logging
import ServiceLifecycle
import Testing
import TickFlowTestSupport

@testable import Stream

@Suite struct PipelineServiceTests {
    @Test func gracefulShutdownDrainsWritesAFinalCheckpointAndCommits() async throws {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 2))
        let producer = try transport.makeProducer()
        let output = RecordingStore<RunningStats>()
        let checkpoints = InMemoryCheckpointStorage()
        let pipeline = Pipeline(
            stage: "stats",
            source: ConsumerSource(consumer: try transport.makeConsumer(group: "stats", topics: ["ticks"]), codec: PriceCodec()),
            operators: RunningStatsOperator(), sink: RecordingSink(store: output),
            deadLetters: DeadLetterRouter(producer: producer, metrics: TestMetrics()), checkpoints: checkpoints,
            configuration: .init(lanes: 2, batchSize: 50, checkpointInterval: nil))
        let group = ServiceGroup(configuration: .init(services: [pipeline], logger: Logger(label: "test")))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await producer.send(Ticks.records(0..<300, topic: "ticks"))
            await output.waitUntil(count: 300)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }

        // The input never ended: only the graceful shutdown stopped the pipeline, after a final checkpoint.
        let final = try #require(try await checkpoints.loadLatest())
        #expect(checkpoints.all.count == 1)
        #expect(final.positions.map(\.offset).reduce(0, +) == 300)
        let committed = transport.committedOffsets(group: "stats")
        #expect(final.positions.allSatisfy { committed[$0.topicPartition] == $0.offset })
        let states = try final.lanes.map { try KeyedState<RunningStats>(restoring: $0.operatorState) }
        #expect(states.flatMap(\.values.values).map(\.count).reduce(0, +) == 300)
        #expect(output.all.count == 300)
    }
}
