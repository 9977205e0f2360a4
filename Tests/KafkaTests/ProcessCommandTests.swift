import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

/// `tickflow process` as a child process on the mock cluster, with the real tick operators: killed with SIGKILL
/// mid-stream and restarted, its output topics hold exactly what an uninterrupted run writes.
@Suite struct ProcessCommandTests {
    static var tickflow: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tickflow").path
    }
    static let outputTopics = [TickInput.enrichedTopic, TickOutput.topOfBookTopic, "dlq.stream", TickProcessor.lateTopic]
        + BarInterval.allCases.map { "bars.\($0.rawValue)" }
    static let master = try! InstrumentMaster.load(csvAt: Repository.path(InstrumentMaster.defaultPath))

    /// A cluster with the contract's stream topics (3 partitions each, FX 1) and the state changelog.
    static func cluster() throws -> KafkaTestCluster {
        let cluster = try KafkaTestCluster()
        for topic in TickInput.marketTopics + outputTopics + ["tickflow.stream-state"] {
            try cluster.mock.createTopic(topic, partitions: 3, replicationFactor: 3)
        }
        try cluster.mock.createTopic(TickInput.fxTopic, partitions: 1, replicationFactor: 3)
        return cluster
    }

    /// FX rates (EURUSD, GBPUSD) for the whole period, then trades and quotes of six US equities and quotes of EUR and
    /// GBP bonds, a tick every 20 ms for `count` ticks, and last one trade per equity and one quote per bond one hour
    /// later (with FX rates after them), whose enriched events show that every partition of both topics was processed.
    static func input(count: Int, start: Int64) -> (records: [OutgoingRecord], finalTimes: Set<Int64>) {
        let equities = Array(master.instruments(of: .equity).prefix(6))
        let bonds = master.instruments(of: .bond).filter { $0.currency == "EUR" || $0.currency == "GBP" }.prefix(2)
        var records: [OutgoingRecord] = []
        for step in 0...(count / 50 + 10) {
            let time = start + Int64(step) * 1_000_000_000 - 5_000_000_000
            for (currency, rate) in [("EUR", 1.08), ("GBP", 1.27)] {
                let fx = FXRate(baseCurrency: currency, quoteCurrency: "USD", rate: rate + Double(step % 7) * 0.0001, source: "test", eventTimeNanos: time, ingestTimeNanos: time)
                records.append(OutgoingRecord(topic: TickInput.fxTopic, key: Array("\(currency)USD".utf8), value: try! fx.serializedBytes()))
            }
        }
        func record(_ event: MarketEvent, _ instrument: Instrument) -> OutgoingRecord {
            OutgoingRecord(topic: instrument.assetClass == .bond ? "market-data.bonds.global" : "market-data.equities.us",
                           key: Array(instrument.id.utf8), value: try! event.serializedBytes())
        }
        for index in 0..<count {
            let time = start + Int64(index) * 20_000_000
            let price = 100 + Double((index * 7919) % 200) * 0.01
            if index % 5 == 4 {
                let bond = bonds[bonds.startIndex + (index / 5) % bonds.count]
                let quote = Quote(instrumentId: bond.id, symbol: bond.symbol, bidPrice: price - 0.05, bidSize: 1000, askPrice: price + 0.05,
                                  askSize: 1000, currency: bond.currency, sequence: UInt64(index), eventTimeNanos: time, ingestTimeNanos: time)
                records.append(record(.quote(quote), bond))
                continue
            }
            let equity = equities[index % equities.count]
            if index % 3 == 0 {
                let quote = Quote(instrumentId: equity.id, symbol: equity.symbol, bidPrice: price - 0.01, bidSize: 300, askPrice: price + 0.01,
                                  askSize: 200, currency: "USD", sequence: UInt64(index), eventTimeNanos: time, ingestTimeNanos: time)
                records.append(record(.quote(quote), equity))
            } else {
                let trade = Trade(instrumentId: equity.id, symbol: equity.symbol, price: price, quantity: Double(100 * (1 + index % 5)),
                                  currency: "USD", tradeId: "t-\(index)", sequence: UInt64(index), eventTimeNanos: time, ingestTimeNanos: time)
                records.append(record(.trade(trade), equity))
            }
        }
        var finals: Set<Int64> = []
        let late = start + Int64(count) * 20_000_000 + 3_600_000_000_000
        for (offset, equity) in equities.enumerated() {
            let time = late + Int64(offset)
            finals.insert(time)
            let trade = Trade(instrumentId: equity.id, symbol: equity.symbol, price: 101, quantity: 100, currency: "USD",
                              tradeId: "final-\(offset)", sequence: UInt64(count + offset), eventTimeNanos: time, ingestTimeNanos: time)
            records.append(record(.trade(trade), equity))
        }
        // The bonds' topic has its own partitions: without finals of its own, a run could be stopped with bond quotes
        // still unread or waiting for their rate. Their rates follow, so that they convert exactly.
        for (offset, bond) in bonds.enumerated() {
            let time = late + 100 + Int64(offset)
            finals.insert(time)
            let quote = Quote(instrumentId: bond.id, symbol: bond.symbol, bidPrice: 99.95, bidSize: 1000, askPrice: 100.05, askSize: 1000,
                              currency: bond.currency, sequence: UInt64(count + 100 + offset), eventTimeNanos: time, ingestTimeNanos: time)
            records.append(record(.quote(quote), bond))
        }
        for (currency, rate) in [("EUR", 1.08), ("GBP", 1.27)] {
            let time = late + 60_000_000_000
            let fx = FXRate(baseCurrency: currency, quoteCurrency: "USD", rate: rate, source: "test", eventTimeNanos: time, ingestTimeNanos: time)
            records.append(OutgoingRecord(topic: TickInput.fxTopic, key: Array("\(currency)USD".utf8), value: try! fx.serializedBytes()))
        }
        return (records, finals)
    }

    static func produce(_ cluster: KafkaTestCluster, _ records: [OutgoingRecord]) async throws {
        let producer = try cluster.producer()
        try await producer.send(records)
        try await producer.close()
    }

    static func spawnProcessor(_ cluster: KafkaTestCluster, log: String) throws -> pid_t {
        try Command.spawn(tickflow, [
            "process", "--brokers", cluster.bootstrapServers, "--group", "stream", "--instance-id", "p1", "--max-batch", "150",
            "--instruments", Repository.path(InstrumentMaster.defaultPath),
        ], logPath: log)
    }

    /// Every record of the output topics: per topic and key, the values in order (dead letters without their
    /// failure time), plus the number of records whose output identity repeats.
    static func outputs(_ cluster: KafkaTestCluster) async throws -> (values: [String: [String: [[UInt8]]]], duplicates: Int) {
        let consumer = try cluster.consumer()
        let partitions = outputTopics.flatMap { topic in (0..<3).map { TopicPartition(topic: topic, partition: Int32($0)) } }
        let total = Int(try await consumer.endOffsets(partitions).reduce(0) { $0 + $1.offset })
        try consumer.assign(partitions.map { TopicPartitionOffset($0, offset: KafkaConsumer.beginning) })
        let records = try await consumer.collect(total, timeout: .seconds(60)).sorted { ($0.topic, $0.partition, $0.offset) < ($1.topic, $1.partition, $1.offset) }
        await consumer.close()
        var values: [String: [String: [[UInt8]]]] = [:]
        var identities = Set<OutputIdentity>(), duplicates = 0
        for record in records {
            var value = record.value
            if record.topic.hasPrefix("dlq.") {
                var letter = try DeadLetter(serializedBytes: value)
                letter.failedAtNanos = 0
                value = try letter.serializedBytes()
            }
            values[record.topic, default: [:]][String(decoding: record.key ?? [], as: UTF8.self), default: []].append(value)
            if let identity = OutputIdentity(record), !identities.insert(identity).inserted { duplicates += 1 }
        }
        return (values, duplicates)
    }

    /// Waits until the enriched events of every final trade are out, then until the outputs stop growing.
    static func waitUntilProcessed(_ cluster: KafkaTestCluster, finals: Set<Int64>) async throws -> Bool {
        let consumer = try cluster.consumer()
        try consumer.assign((0..<3).map { TopicPartitionOffset(topic: TickInput.enrichedTopic, partition: Int32($0), offset: KafkaConsumer.beginning) })
        var seen: Set<Int64> = []
        let deadline = ContinuousClock.now + .seconds(180)
        while !finals.isSubset(of: seen), ContinuousClock.now < deadline {
            for record in try await consumer.read(maxRecords: 5_000, timeout: .milliseconds(200)) ?? [] {
                let tick = try EnrichedTick(serializedBytes: record.value)
                if finals.contains(tick.eventTimeNanos) { seen.insert(tick.eventTimeNanos) }
            }
        }
        await consumer.close()
        return finals.isSubset(of: seen)
    }

    @Test func aProcessKilledMidStreamAndRestartedWritesWhatAnUninterruptedProcessWrites() async throws {
        let start = WallClock.nowNanos() - 600_000_000_000
        let (records, finals) = Self.input(count: 6_000, start: start)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-process-\(UUID().uuidString).log").path

        let reference = try Self.cluster()
        try await Self.produce(reference, records)
        let uninterrupted = try Self.spawnProcessor(reference, log: log)
        let referenceDone = try await Self.waitUntilProcessed(reference, finals: finals)
        #expect(Command.stop(uninterrupted, signal: SIGTERM) == 0, "graceful stop; log \(log)")
        try #require(referenceDone, "log \(log)")
        let expected = try await Self.outputs(reference)
        #expect(expected.duplicates == 0)
        #expect((expected.values[TickInput.enrichedTopic]?.values.reduce(0) { $0 + $1.count } ?? 0) > 3_000)

        let cluster = try Self.cluster()
        try await Self.produce(cluster, records)
        // Killed twice at random moments once output has started to appear, then left to finish.
        for _ in 1...2 {
            let pid = try Self.spawnProcessor(cluster, log: log)
            let threshold = Int.random(in: 1...2_000)
            let started = await eventually(timeout: .seconds(90)) {
                let consumer = try? cluster.consumer()
                let partitions = (0..<3).map { TopicPartition(topic: TickInput.enrichedTopic, partition: Int32($0)) }
                let written = (try? await consumer?.endOffsets(partitions))?.reduce(0) { $0 + $1.offset } ?? 0
                await consumer?.close()
                return written >= Int64(threshold)
            }
            #expect(Command.stop(pid, signal: SIGKILL) == 128 + SIGKILL)
            try #require(started, "log \(log)")
        }
        let last = try Self.spawnProcessor(cluster, log: log)
        let done = try await Self.waitUntilProcessed(cluster, finals: finals)
        #expect(Command.stop(last, signal: SIGTERM) == 0)
        try #require(done, "log \(log)")
        let actual = try await Self.outputs(cluster)
        #expect(actual.duplicates == 0)
        for topic in Self.outputTopics {
            #expect(actual.values[topic] == expected.values[topic], "\(topic) differs from the uninterrupted run")
        }
    }
}
