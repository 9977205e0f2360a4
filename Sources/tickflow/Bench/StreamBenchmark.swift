import Connectors
import Foundation
import Model
import Stream

/// The stream processor's benchmarks on the mock cluster, exactly-once on (a transaction per batch plus replay
/// suppression), with the real operators (validate → FX-enrich → aggregate):
/// - `stream-kafka`: ticks/s from raw topics to every output consumed, against our own consumer's `kafka-consume`
///   figure measured in the same run;
/// - `stream-latency`: p50/p99 from a tick produced to its enriched event consumed, against the 10 ms bound.
struct StreamBenchmark {
    static let stateTopic = "tickflow.stream-state"
    let master: InstrumentMaster
    let cluster: KafkaMockCluster
    let outputTopics: [String]

    init() throws {
        master = try InstrumentMaster.load(csvAt: InstrumentMaster.defaultPath)
        cluster = try KafkaMockCluster(brokers: 3)
        outputTopics = [TickInput.enrichedTopic, TickOutput.topOfBookTopic, "dlq.stream", TickProcessor.lateTopic]
            + BarInterval.allCases.map { "bars.\($0.rawValue)" }
        for topic in TickInput.marketTopics + outputTopics { try cluster.createTopic(topic, partitions: 6, replicationFactor: 3) }
        try cluster.createTopic(TickInput.fxTopic, partitions: 1, replicationFactor: 3)
        try cluster.createTopic(Self.stateTopic, partitions: 3, replicationFactor: 3)
    }

    private var quiet: [String: String] { ["log_level": "3"] }

    /// Consumer settings of a pipeline tuned for latency, used by the processor and the downstream readers alike.
    /// librdkafka's defaults hold an empty fetch for up to 500 ms (`fetch.wait.max.ms`) and then back off another
    /// 500 ms (`fetch.error.backoff.ms`): on a partition that has just been drained, a record produced meanwhile
    /// waits up to a second to be fetched, which measures those two settings rather than the pipeline.
    private static let fetchLatency: [String: String] = ["fetch.wait.max.ms": "5", "fetch.error.backoff.ms": "5"]

    /// Starts the processor (one instance, all stages); returns it, its task and its state store.
    private func startProcessor(
        _ configure: (inout PartitionedProcessorConfiguration) -> Void = { _ in }
    ) async throws -> (PartitionedProcessor<TickProcessor>, Task<Void, any Error>, KafkaPartitionStateStore) {
        var configuration = PartitionedProcessorConfiguration(
            bootstrapServers: cluster.bootstrapServers, group: "bench", inputTopics: StageSet.all.inputTopics, outputTopics: outputTopics)
        configuration.instanceID = "bench"
        configuration.additionalProperties = quiet.merging(Self.fetchLatency) { _, new in new }
        configure(&configuration)
        let store = try await KafkaPartitionStateStore(bootstrapServers: cluster.bootstrapServers, topic: Self.stateTopic)
        let master = self.master
        let processor = PartitionedProcessor(configuration: configuration, store: store) { _ in
            TickProcessor(configuration: TickProcessorConfiguration(), instruments: master)
        }
        return (processor, Task { try await processor.run() }, store)
    }

    private func producer(linger: Int) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.lingerMillis = linger
        configuration.additionalProperties = quiet
        return try KafkaProducer(configuration: configuration)
    }

    /// A consumer reading every partition of `topics` from the beginning.
    private func reader(_ topics: [String], _ properties: [String: String] = [:]) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers)
        configuration.additionalProperties = quiet.merging(Self.fetchLatency) { _, new in new }.merging(properties) { _, new in new }
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign(topics.flatMap { topic in
            (0..<6).map { TopicPartitionOffset(topic: topic, partition: Int32($0), offset: KafkaConsumer.beginning) }
        })
        return consumer
    }

    /// Simulated market events (and the FX rates they need) starting an hour ago, as records of the raw topics.
    private func simulatedInput(ticks: Int) async throws -> (records: [OutgoingRecord], ticks: Int) {
        var configuration = SimulatorConfiguration(seed: 7)
        configuration.start = WallClock.nowNanos() - 3_600_000_000_000
        configuration.newsProbability = 0
        configuration.flowProbability = 0
        var simulator = MarketSimulator(master: master, configuration: configuration)
        var records: [OutgoingRecord] = []
        var count = 0
        while count < ticks, let items = try await simulator.next(maxItems: 10_000) {
            for case .event(let event) in items where event.topic.hasPrefix("market-data.") {
                records.append(OutgoingRecord(
                    topic: event.topic, key: Array(event.key.utf8), value: try event.serializedValue(), headers: event.headers))
                if event.topic != TickInput.fxTopic { count += 1 }
                if count == ticks { break }
            }
        }
        return (records, count)
    }

    func throughput(ticks: Int, peerMessages: Int) async throws -> BenchMeasurement {
        let input = try await simulatedInput(ticks: ticks)
        let producer = try producer(linger: 5)
        for start in stride(from: 0, to: input.records.count, by: 20_000) {
            try await producer.send(Array(input.records[start..<min(input.records.count, start + 20_000)]))
        }
        try await producer.close()

        let (processor, task, store) = try await startProcessor()
        // Timed from the first output read, so the group join (seconds on the mock) is not counted, to the last:
        // making sure it was the last (an idle read, then the end offsets of all 66 partitions) is not counted either.
        let reader = try reader(outputTopics)
        let outputPartitions = outputTopics.flatMap { topic in (0..<6).map { TopicPartition(topic: topic, partition: Int32($0)) } }
        var started: ContinuousClock.Instant?
        var lastRead: ContinuousClock.Instant?
        var consumed = 0
        let clock = ContinuousClock()
        var done = false
        while !done {
            let batch = try await reader.read(maxRecords: 20_000, timeout: .milliseconds(10)) ?? []
            if !batch.isEmpty {
                lastRead = clock.now
                if started == nil { started = lastRead }
            }
            consumed += batch.count
            if batch.isEmpty, await processor.processedRecords >= input.ticks {
                done = consumed >= Int(try await reader.endOffsets(outputPartitions).reduce(0) { $0 + $1.offset })
            }
        }
        let seconds = ((lastRead ?? clock.now) - (started ?? clock.now)).seconds
        processor.stop()
        try await task.value
        await store.close()
        await reader.close()
        let ours = Double(input.ticks) / seconds
        print("stream-kafka: \(input.ticks) ticks (+\(input.records.count - input.ticks) FX rates) → \(consumed) outputs in \(String(format: "%.2f", seconds)) s, \(Int(ours)) ticks/s")

        let peer = try KafkaBenchmark(messages: peerMessages)
        defer { peer.cleanUp() }
        let consume = try await peer.consume()
        return BenchMeasurement(name: "stream-kafka", ours: ours, peer: consume.ours, unit: "ticks/s", higherIsBetter: true)
    }

    /// Ticks are stamped with the wall clock when they are produced (their event time) by a sender task that
    /// paces one every 2 ms; the reader takes the latency when a record is returned to it. Sender and reader run
    /// concurrently, so neither's waits are counted in the other's figures.
    func latency(samples: Int) async throws -> BenchMeasurement {
        let (processor, task, store) = try await startProcessor { configuration in
            configuration.pollTimeout = .milliseconds(1)
            configuration.additionalProperties["fetch.wait.max.ms"] = "1"
        }
        let enriched = try reader([TickInput.enrichedTopic], ["fetch.wait.max.ms": "1"])
        let producer = try producer(linger: 0)
        let equities = master.instruments(of: .equity).filter { $0.currency == "USD" }
        let clock = ContinuousClock()
        @Sendable func send(_ index: Int) async throws {
            let instrument = equities[index % equities.count]
            let time = WallClock.nowNanos()
            let trade = Trade(
                instrumentId: instrument.id, symbol: instrument.symbol, venue: "XNAS", price: 100 + Double(index % 7) * 0.01,
                quantity: 100, currency: "USD", tradeId: "lat-\(index)", sequence: UInt64(index), eventTimeNanos: time,
                ingestTimeNanos: time)
            try await producer.send([OutgoingRecord(
                topic: "market-data.equities.us", key: Array(instrument.id.utf8), value: try MarketEvent.trade(trade).serializedBytes())])
        }
        /// Reads for up to `wait`; returns the latency in ms and the sequence of each enriched trade that arrived.
        func receive(for wait: Duration) async throws -> [(sequence: UInt64, millis: Double)] {
            var arrived: [(UInt64, Double)] = []
            let due = clock.now + wait
            repeat {
                for record in try await enriched.read(maxRecords: 100, timeout: .milliseconds(1)) ?? [] {
                    let now = WallClock.nowNanos()
                    let tick = try EnrichedTick(serializedBytes: record.value)
                    if case .trade(let trade) = tick.event {
                        arrived.append((trade.sequence, Double(now - tick.eventTimeNanos) / 1e6))
                    }
                }
            } while clock.now < due
            return arrived
        }
        // Until the group has assigned the partitions and ticks come out: a tick every 20 ms, not measured.
        var index = 0
        let joinDeadline = clock.now + .seconds(120)
        while clock.now < joinDeadline {
            try await send(index)
            index += 1
            if try await !receive(for: .milliseconds(20)).isEmpty { break }
        }
        // 300 warm-up ticks, then the measured ones, one every 2 ms from their own task.
        let firstMeasured = UInt64(index + 300)
        let total = 300 + samples
        let sender = Task { [index] in
            var due = clock.now
            for offset in 0..<total {
                try await send(index + offset)
                due += .milliseconds(2)
                try await Task.sleep(until: due, clock: clock)
            }
        }
        var latencies: [Double] = []
        let deadline = clock.now + .seconds(Int64(total) / 200 + 60)
        while latencies.count < samples, clock.now < deadline {
            latencies += try await receive(for: .milliseconds(50)).filter { $0.sequence >= firstMeasured }.map(\.millis)
        }
        try await sender.value
        processor.stop()
        try await task.value
        await store.close()
        await enriched.close()
        try await producer.close()
        guard latencies.count >= samples else {
            throw BenchError("only \(latencies.count) of \(samples) ticks came out enriched")
        }
        latencies.sort()
        func at(_ quantile: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * quantile))] }
        let p99 = at(0.99)
        // The tail's shape: whether p99 is a few stalls or a share of the ticks (those batched with a burst of bars).
        let tail = [("p90", 0.9), ("p95", 0.95), ("p98", 0.98), ("p99.5", 0.995), ("max", 1)].map { "\($0) \(String(format: "%.1f", at($1)))" }
        print("stream-latency: \(latencies.count) ticks, p50 \(String(format: "%.3f", at(0.5))) ms, p99 \(String(format: "%.3f", p99)) ms (\(tail.joined(separator: ", ")))")
        return BenchMeasurement(name: "stream-latency", ours: p99, peer: 10, unit: "ms", higherIsBetter: false)
    }
}
