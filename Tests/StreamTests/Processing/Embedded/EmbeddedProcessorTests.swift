import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

@Suite struct EmbeddedProcessorTests {
    typealias Fixture = EmbeddedFixture

    /// Waits until the processor has processed `count` input records (the test fails if that never happens).
    private func waitUntil(_ processor: EmbeddedProcessor<TickProcessor>, processed count: Int) async throws {
        for _ in 0..<6_000 {
            if await processor.processedRecords >= count { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the processor processed \(await processor.processedRecords) records, expected \(count)")
    }

    @Test func outputsEqualTheTickProcessorDrivenDirectly() async throws {
        let transport = try Fixture.transport()
        let producer = try transport.makeProducer()
        let input = try Fixture.records(Fixture.events(0..<400))
        try await producer.send(input)
        try await producer.send(try Fixture.rateRecords())
        for topic in [Fixture.equities, Fixture.bonds, TickInput.fxTopic] { transport.seal(topic: topic) }
        let expected = try await Fixture.expected(input)

        let store = try FilePartitionStateStore(directory: Fixture.stateDirectory())
        let processor = Fixture.processor(transport, store: store)
        try await processor.run()

        let outputs = try await Fixture.readAll(transport, Fixture.outputTopics)
        let streams = Fixture.streams(outputs)
        let letters = try Fixture.deadLetters(outputs)
        #expect(await processor.processedRecords == 400)
        #expect(streams.count == expected.streams.count)
        #expect(streams == expected.streams)
        #expect(letters == expected.deadLetters)
        // The EUR bond's trades went through the FX join: enriched, as the direct run, not refused.
        let bondKey = Array(TickFixtures.instrument("DE10Y").id.utf8)
        let bondTicks = streams[OutputStreamID(topic: TickInput.enrichedTopic, key: bondKey)]?.count
        #expect(bondTicks == 100)
        // Every output carries the identity a reader deduplicates replays by.
        #expect(outputs.allSatisfy { OutputIdentity($0) != nil })
    }

    @Test func gracefulStopAndRestartContinueWithoutGapsOrDuplicates() async throws {
        let transport = try Fixture.transport()
        let producer = try transport.makeProducer()
        try await producer.send(try Fixture.rateRecords())
        try await producer.send(try Fixture.records(Fixture.events(0..<300)))
        let directory = Fixture.stateDirectory()

        let first = Fixture.processor(transport, store: try FilePartitionStateStore(directory: directory))
        let running = Task { try await first.run() }
        try await waitUntil(first, processed: 300)
        first.stop()
        try await running.value

        try await producer.send(try Fixture.records(Fixture.events(300..<600)))
        for topic in [Fixture.equities, Fixture.bonds, TickInput.fxTopic] { transport.seal(topic: topic) }
        let second = Fixture.processor(transport, store: try FilePartitionStateStore(directory: directory))
        try await second.run()

        // Only the new records: the first processor's were in its snapshots and committed.
        #expect(await second.processedRecords == 300)
        let outputs = try await Fixture.readAll(transport, Fixture.outputTopics)
        let expected = try await Fixture.expected(try Fixture.records(Fixture.events(0..<600)))
        #expect(Fixture.streams(outputs) == expected.streams)
        #expect(try Fixture.deadLetters(outputs) == expected.deadLetters)
        let identities = outputs.compactMap(OutputIdentity.init)
        #expect(Set(identities).count == outputs.count)
    }

    @Test func aCrashReplaysFromTheLastSnapshotWithTheSameIdentities() async throws {
        let transport = try Fixture.transport()
        let producer = try transport.makeProducer()
        try await producer.send(try Fixture.rateRecords())
        try await producer.send(try Fixture.records(Fixture.events(0..<300)))
        let directory = Fixture.stateDirectory()
        let every50: (inout EmbeddedProcessorConfiguration) -> Void = { configuration in
            configuration.snapshots = .init(snapshotEveryRecords: 50, snapshotIntervalNanos: nil)
            configuration.maxBatchRecords = 16
        }

        let first = Fixture.processor(transport, store: try FilePartitionStateStore(directory: directory), every50)
        let running = Task { try await first.run() }
        try await waitUntil(first, processed: 300)
        running.cancel()  // a crash: no final snapshot
        _ = await running.result

        try await producer.send(try Fixture.records(Fixture.events(300..<600)))
        for topic in [Fixture.equities, Fixture.bonds, TickInput.fxTopic] { transport.seal(topic: topic) }
        let second = Fixture.processor(transport, store: try FilePartitionStateStore(directory: directory), every50)
        try await second.run()

        // Replayed from the snapshots: some of the first 300 again, never fewer than the new 300.
        let replayed = await second.processedRecords - 300
        #expect(replayed >= 0)
        #expect(replayed < 300)
        let outputs = try await Fixture.readAll(transport, Fixture.outputTopics)
        // A replayed output repeats an earlier one exactly, identity and value: dropping repeated identities
        // leaves the uninterrupted run's output.
        var firstByIdentity: [OutputIdentity: [UInt8]] = [:]
        var unique: [IncomingRecord] = []
        var mismatched = 0
        for record in outputs.sorted(by: { ($0.topic, $0.partition, $0.offset) < ($1.topic, $1.partition, $1.offset) }) {
            guard let identity = OutputIdentity(record), !Fixture.deadLetterTopics.contains(record.topic) else { continue }
            if let earlier = firstByIdentity[identity] {
                if earlier != record.value { mismatched += 1 }
            } else {
                firstByIdentity[identity] = record.value
                unique.append(record)
            }
        }
        let expected = try await Fixture.expected(try Fixture.records(Fixture.events(0..<600)))
        #expect(mismatched == 0)
        #expect(Fixture.streams(unique) == expected.streams)
        #expect(Set(try Fixture.deadLetters(outputs)) == Set(expected.deadLetters))
    }

    @Test func aPoisonRecordGoesToTheDeadLetterTopicAndTheRestIsProcessedAndCounted() async throws {
        let transport = try Fixture.transport()
        let producer = try transport.makeProducer()
        try await producer.send(try Fixture.rateRecords())
        var records = try Fixture.records(Fixture.events(0..<200))
        let aapl = Array(TickFixtures.instrument("AAPL").id.utf8)
        records.insert(OutgoingRecord(topic: Fixture.equities, key: aapl, value: [0xff, 0x01, 0x02, 0x03]), at: 100)
        records.insert(
            try Fixture.records([TickFixtures.trade("MSFT", -5, 100, at: TickFixtures.t0 + 150 * TickFixtures.millisecond, id: "neg")])[0],
            at: 150)
        try await producer.send(records)
        for topic in [Fixture.equities, Fixture.bonds, TickInput.fxTopic] { transport.seal(topic: topic) }
        let expected = try await Fixture.expected(records)

        let metrics = TestMetrics()
        let processor = Fixture.processor(transport, store: try FilePartitionStateStore(directory: Fixture.stateDirectory()), metrics: metrics)
        try await processor.run()

        let outputs = try await Fixture.readAll(transport, Fixture.outputTopics)
        let letters = try Fixture.deadLetters(outputs)
        #expect(letters.count == 2)
        #expect(letters.contains { $0.hasSuffix(" DECODE_ERROR") })
        #expect(letters.contains { $0.hasSuffix(" INVALID_PRICE") })
        #expect(letters == expected.deadLetters)
        #expect(Fixture.streams(outputs) == expected.streams)
        let enriched = outputs.count { $0.topic == TickInput.enrichedTopic }
        #expect(enriched == 200)

        let stage = [("stage", "stream"), ("group", "stream")]
        #expect(metrics.counterValue(StageMetrics.recordsLabel, stage) == 202)
        #expect(metrics.counterValue(StageMetrics.outputsLabel, stage) == Int64(outputs.count))
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "stream"), ("reason", "DECODE_ERROR")]) == 1)
        #expect(metrics.counterValue(DeadLetterRouter.counterLabel, [("stage", "stream"), ("reason", "INVALID_PRICE")]) == 1)
        // Everything read: no backlog; the ticks are from 2026-11-20, so the event lag is their age.
        #expect(metrics.recordedValue(StageMetrics.lagRecordsLabel, stage) == 0)
        let newest = Double(TickFixtures.t0 + 199 * TickFixtures.millisecond)
        let lag = try #require(metrics.recordedValue(StageMetrics.eventLagLabel, stage))
        let age = (Double(WallClock.nowNanos()) - newest) / 1e9
        #expect(lag > 0)
        #expect(lag <= age)
    }
}
