import Foundation
import Model
import Stream
import TickFlowTestSupport

/// A mock cluster with the topics of a ``WindowedSumOperator`` run, deterministic input, and helpers to start
/// processors and read back what they wrote.
struct ProcessorScenario: Sendable {
    static let instruments = 12
    static let base: Int64 = 1_763_683_200_000
    let cluster: KafkaTestCluster
    let ticks: String, scales: String, echo: String, sums: String, changelog: String
    let deadLetters = "dlq.stream"

    init() throws {
        cluster = try KafkaTestCluster()
        ticks = try cluster.topic("ticks", partitions: 3)
        scales = try cluster.topic("scales", partitions: 1)
        echo = try cluster.topic("echo", partitions: 3)
        sums = try cluster.topic("sums", partitions: 3)
        changelog = try cluster.topic("state", partitions: 3)
        try cluster.mock.createTopic(deadLetters, partitions: 3, replicationFactor: 3)
    }

    /// Tick `index`: instrument `I<index % 12>`, time rising 37 ms per tick, so no tick is ever late; every 97th
    /// is undecodable, every 131st has a negative amount.
    func tick(_ index: Int) -> OutgoingRecord {
        let instrument = "I\(index % Self.instruments)"
        let time = Self.base + Int64(index) * 37
        let text: String
        if index % 97 == 96 {
            text = "garbage-\(index)"
        } else {
            text = "\(instrument),\(time),\(index % 131 == 130 ? -5 : index % 50 + 1)"
        }
        return OutgoingRecord(topic: ticks, key: Array(instrument.utf8), value: Array(text.utf8))
    }

    /// One tick per instrument far ahead in time: it closes every window before it.
    var closingTicks: [OutgoingRecord] {
        (0..<Self.instruments).map { instrument in
            OutgoingRecord(
                topic: ticks, key: Array("I\(instrument)".utf8), value: Array("I\(instrument),\(Self.base + 100_000_000),1".utf8))
        }
    }

    /// Outputs a run over ticks `0..<count` plus the closing ticks must end with.
    func expectedCounts(ticks count: Int) -> (echo: Int, sums: Int, deadLetters: Int) {
        let valid = (0..<count).filter { $0 % 97 != 96 && $0 % 131 != 130 }
        let windows = Set(valid.map { "\($0 % Self.instruments)/\((Self.base + Int64($0) * 37) / 1_000)" })
        return (valid.count + Self.instruments, windows.count, count - valid.count)
    }

    func produce(_ records: [OutgoingRecord]) async throws {
        let producer = try cluster.producer()
        try await producer.send(records)
        try await producer.close()
    }

    /// The scale factors: ×2 from 20 s in, ×3 from 60 s in.
    func produceScales() async throws {
        try await produce([(0, 1), (Self.base + 20_000, 2), (Self.base + 60_000, 3)].map {
            OutgoingRecord(topic: scales, value: Array("\($0.0),\($0.1)".utf8))
        })
    }

    func configuration(group: String = "sums", instance: String) -> PartitionedProcessorConfiguration {
        var configuration = PartitionedProcessorConfiguration(
            bootstrapServers: cluster.bootstrapServers, group: group, inputTopics: [ticks, scales],
            outputTopics: [echo, sums, deadLetters])
        configuration.instanceID = instance
        configuration.maxBatchRecords = 120
        // Every batch is sent while the next is processed, so that kills, rebalances and snapshots meet one in flight.
        configuration.overlapMinimumRecords = 1
        configuration.snapshots = .init(snapshotEveryRecords: 300, snapshotIntervalNanos: nil)
        configuration.additionalProperties = ["log_level": "3"]
        return configuration
    }

    /// Starts a processor with a changelog state store; returns it and the task running it.
    func start(
        instance: String, _ configure: (inout PartitionedProcessorConfiguration) -> Void = { _ in }
    ) async throws -> (PartitionedProcessor<WindowedSumOperator>, Task<Void, any Error>) {
        var configuration = configuration(instance: instance)
        configure(&configuration)
        let store = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: changelog)
        let (echo, sums) = (self.echo, self.sums)
        let processor = PartitionedProcessor(configuration: configuration, store: store) { _ in
            WindowedSumOperator(echoTopic: echo, sumTopic: sums)
        }
        let task = Task {
            defer { Task { await store.close() } }
            try await processor.run()
        }
        return (processor, task)
    }

    /// Records in a topic now.
    func count(_ topic: String) async throws -> Int {
        let consumer = try cluster.consumer()
        defer { Task { await consumer.close() } }
        let partitions = (0..<3).map { TopicPartition(topic: topic, partition: Int32($0)) }
        return Int(try await consumer.endOffsets(partitions).reduce(0) { $0 + $1.offset })
    }

    /// Waits until the output topics hold at least the expected counts.
    func waitForOutputs(ticks: Int, timeout: Duration = .seconds(120)) async throws -> Bool {
        let expected = expectedCounts(ticks: ticks)
        return await eventually(timeout: timeout) {
            guard let echoCount = try? await count(echo), let sumCount = try? await count(sums),
                let letters = try? await count(deadLetters)
            else { return false }
            return echoCount >= expected.echo && sumCount >= expected.sums && letters >= expected.deadLetters
        }
    }

    /// Every record of a topic, per partition in offset order.
    func read(_ topic: String) async throws -> [IncomingRecord] {
        let total = try await count(topic)
        let consumer = try cluster.consumer()
        try consumer.assign((0..<3).map { TopicPartitionOffset(topic: topic, partition: Int32($0), offset: KafkaConsumer.beginning) })
        let records = try await consumer.collect(total, timeout: .seconds(60))
        await consumer.close()
        return records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }

    /// What the outputs say, comparable between runs: per topic and key, the values in order (dead letters without
    /// their failure time), and how many records carry the same output identity twice.
    func outputs() async throws -> (values: [String: [String: [String]]], duplicateIdentities: Int) {
        var values: [String: [String: [String]]] = [:]
        var identities = Set<OutputIdentity>()
        var duplicates = 0
        for topic in [echo, sums, deadLetters] {
            for record in try await read(topic) {
                var text = String(decoding: record.value, as: UTF8.self)
                if topic == deadLetters {
                    var letter = try DeadLetter(serializedBytes: record.value)
                    letter.failedAtNanos = 0
                    text = "\(letter.reasonCode) \(letter.sourcePartition):\(letter.sourceOffset) \(String(decoding: letter.payload, as: UTF8.self))"
                }
                let key = String(decoding: record.key ?? [], as: UTF8.self)
                values[topic == echo ? "echo" : topic == sums ? "sums" : "dlq", default: [:]][key, default: []].append(text)
                if let identity = OutputIdentity(record), !identities.insert(identity).inserted { duplicates += 1 }
            }
        }
        return (values, duplicates)
    }
}
