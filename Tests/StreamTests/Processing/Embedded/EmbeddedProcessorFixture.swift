import Foundation
import Logging
import Model
import Stream
import TickFlowTestSupport

/// Hand-built input for the embedded processor: quotes and trades of US equities and trades of a EUR bond on
/// two raw topics, EUR/USD rates bracketing them on `market-data.fx`, and what a ``TickProcessor`` driven
/// directly makes of it, per output stream.
enum EmbeddedFixture {
    static let equities = "market-data.equities.us"
    static let bonds = "market-data.bonds.global"
    static let outputTopics =
        [TickInput.enrichedTopic, TickOutput.topOfBookTopic, "dlq.stream", TickProcessor.lateTopic] + BarInterval.allCases.map(\.topic)
    static let deadLetterTopics: Set<String> = ["dlq.stream", TickProcessor.lateTopic]

    /// `count` events 1 ms apart (all inside one second, so no window closes before the end of input).
    static func events(_ range: Range<Int>) -> [MarketEvent] {
        let t0 = TickFixtures.t0, ms = TickFixtures.millisecond
        return range.map { i in
            let time = t0 + Int64(i) * ms
            let step = Double(i % 7) * 0.01
            switch i % 4 {
            case 0: return TickFixtures.quote("AAPL", bid: 189.40 + step, ask: 189.45 + step, at: time, sequence: UInt64(i))
            case 1: return TickFixtures.trade("MSFT", 377.80 + step, Double(100 + i % 3 * 100), at: time, id: "t-\(i)", sequence: UInt64(i))
            case 2: return TickFixtures.trade("DE10Y", 98.50 + step, 1_000, at: time, id: "b-\(i)", sequence: UInt64(i))
            default: return TickFixtures.quote("NVDA", bid: 487.10 + step, ask: 487.20 + step, at: time, sequence: UInt64(i))
            }
        }
    }

    /// EUR/USD before the first tick and after the last one: every EUR tick converts exactly at 1.08.
    static let rates = [
        TickFixtures.fx("EUR", "USD", 1.08, at: TickFixtures.t0 - TickFixtures.second),
        TickFixtures.fx("EUR", "USD", 1.09, at: TickFixtures.t0 + 5 * TickFixtures.second),
    ]

    static func transport() throws -> InProcessTransport {
        let transport = InProcessTransport(configuration: .init(defaultPartitionCount: 3, partitionCapacity: 100_000))
        try transport.declareTopic(equities, partitions: 3)
        try transport.declareTopic(bonds, partitions: 2)
        try transport.declareTopic(TickInput.fxTopic, partitions: 1)
        return transport
    }

    static func records(_ events: [MarketEvent]) throws -> [OutgoingRecord] {
        try events.map { event in
            OutgoingRecord(
                topic: event.symbol == "DE10Y" ? bonds : equities, key: Array(event.instrumentId.utf8),
                value: try event.serializedBytes())
        }
    }

    static func rateRecords() throws -> [OutgoingRecord] {
        try rates.map { OutgoingRecord(topic: TickInput.fxTopic, key: Array($0.pair.utf8), value: try $0.serializedBytes()) }
    }

    static func configuration(_ configure: (inout EmbeddedProcessorConfiguration) -> Void = { _ in }) -> EmbeddedProcessorConfiguration {
        var configuration = EmbeddedProcessorConfiguration(inputTopics: [equities, bonds, TickInput.fxTopic])
        configure(&configuration)
        return configuration
    }

    static func processor(
        _ transport: InProcessTransport, store: any PartitionStateStore, metrics: TestMetrics = TestMetrics(),
        _ configure: (inout EmbeddedProcessorConfiguration) -> Void = { _ in }
    ) -> EmbeddedProcessor<TickProcessor> {
        var logger = Logger(label: "test.embedded")
        logger.logLevel = .warning
        return EmbeddedProcessor(configuration: configuration(configure), transport: transport, store: store, metrics: metrics, logger: logger) { _ in
            TickProcessor(configuration: TickProcessorConfiguration(), instruments: TickFixtures.master, metrics: TestMetrics())
        }
    }

    /// Every record of `topics` now in the transport, read by a group of its own.
    static func readAll(_ transport: InProcessTransport, _ topics: [String], group: String = UUID().uuidString) async throws -> [IncomingRecord] {
        let total = topics.reduce(0) { $0 + transport.endOffsets(of: $1).reduce(0) { $0 + Int($1) } }
        let consumer = try transport.consumer(group: group, topics: topics)
        var records: [IncomingRecord] = []
        while records.count < total, let batch = try await consumer.nextBatch(maxRecords: 10_000) { records += batch }
        await consumer.close()
        return records
    }

    /// The values of each output stream (topic and key), in order; dead letters left out.
    static func streams(_ records: [IncomingRecord]) -> [OutputStreamID: [[UInt8]]] {
        var streams: [OutputStreamID: [[UInt8]]] = [:]
        for record in records.sorted(by: { ($0.topic, $0.partition, $0.offset) < ($1.topic, $1.partition, $1.offset) })
        where !deadLetterTopics.contains(record.topic) {
            streams[OutputStreamID(topic: record.topic, key: record.key), default: []].append(record.value)
        }
        return streams
    }

    /// Where each dead letter's record came from and why: `topic[partition]@offset REASON`.
    static func deadLetters(_ records: [IncomingRecord]) throws -> [String] {
        try records.filter { deadLetterTopics.contains($0.topic) }.map { record in
            let letter = try DeadLetter(serializedBytes: record.value)
            return "\(letter.sourceTopic)[\(letter.sourcePartition)]@\(letter.sourceOffset) \(letter.reasonCode)"
        }.sorted()
    }

    /// What a ``TickProcessor`` per input partition makes of these raw records (partitioned as a transport
    /// partitions them, on a transport of its own), the rates applied first and `finish` at the end: the reference
    /// the embedded runs are compared with.
    static func expected(_ records: [OutgoingRecord]) async throws -> (streams: [OutputStreamID: [[UInt8]]], deadLetters: [String]) {
        let transport = try transport()
        try await transport.makeProducer().send(try rateRecords() + records)
        let raw = try await readAll(transport, [equities, bonds])
        let rates = try await readAll(transport, [TickInput.fxTopic]).map { record in
            StreamRecord(
                key: record.key, value: try TickInput(topic: record.topic, bytes: record.value), eventTimeNanos: 0,
                position: SourcePosition(record.topicPartition, offset: record.offset))
        }
        var streams: [OutputStreamID: [[UInt8]]] = [:]
        var letters: [String] = []
        for (partition, records) in Dictionary(grouping: raw, by: \.topicPartition) {
            var processor = TickProcessor(configuration: TickProcessorConfiguration(), instruments: TickFixtures.master, metrics: TestMetrics())
            var output = OperatorOutput<TickOutput>()
            try processor.process(rates, into: &output)
            var decoded: [StreamRecord<TickInput>] = []
            for record in records.sorted(by: { $0.offset < $1.offset }) {
                guard let value = try? TickInput(topic: record.topic, bytes: record.value) else {
                    letters.append("\(record.topic)[\(record.partition)]@\(record.offset) DECODE_ERROR")
                    continue
                }
                decoded.append(StreamRecord(
                    key: record.key, value: value, eventTimeNanos: value.eventTimeNanos, position: SourcePosition(partition, offset: record.offset)))
            }
            try processor.process(decoded, into: &output)
            try processor.finish(into: &output)
            for record in output.records {
                streams[OutputStreamID(topic: record.value.topic, key: record.key), default: []].append(try record.value.encoded())
            }
            for rejection in output.rejections {
                let position = rejection.position.map { "\($0.topicPartition.topic)[\($0.topicPartition.partition)]@\($0.offset)" } ?? "?"
                letters.append("\(position) \(rejection.reasonCode)")
            }
        }
        return (streams, letters.sorted())
    }

    /// A fresh directory for a ``FilePartitionStateStore``.
    static func stateDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-embedded-\(UUID().uuidString)").path
    }
}
