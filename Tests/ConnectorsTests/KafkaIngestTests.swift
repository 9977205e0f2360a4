import Connectors
import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

/// End to end: feeds ingested into librdkafka's mock cluster (3 brokers), read back and decoded with the
/// contract's messages.
@Suite struct KafkaIngestTests {
    static let topics = [
        "market-data.equities.us", "market-data.bonds.global", "market-data.derivatives.us", "market-data.fx",
        "news.raw", "client-flows.inbound", "reference.instruments", "dlq.ingest",
    ]

    @Test func ingestsCSVAndFIXIntoTheRawTopicsWithDeadLetters() async throws {
        let cluster = try KafkaTestCluster()
        for topic in Self.topics { try cluster.mock.createTopic(topic, partitions: 3, replicationFactor: 3) }
        let producer = try cluster.producer()
        var sink = IngestSink(producer: producer, metrics: TestMetrics())
        try await sink.write(Fixtures.master.instruments.map { .event(.instrument($0)) })
        var csv = try Fixtures.csvFeed(Fixtures.sample("trades.csv"), name: "trades.csv")
        _ = try await Ingestor.run(&csv, into: &sink)
        var fix = try FIXFileFeed(path: Fixtures.sample("market-malformed.fix"), master: Fixtures.master, name: "bad.fix", clock: Fixtures.clock)
        var news = try LineFileFeed(
            path: Fixtures.sample("news.jsonl"),
            parser: NewsJSONLParser(normalizer: NewsNormalizer(master: Fixtures.master, scorer: Fixtures.scorer)), clock: Fixtures.clock)
        var flows = try LineFileFeed(path: Fixtures.sample("flows.jsonl"), parser: ClientFlowParser(format: .jsonl), clock: Fixtures.clock)
        _ = try await Ingestor.run(&fix, into: &sink)
        _ = try await Ingestor.run(&news, into: &sink)
        let summary = try await Ingestor.run(&flows, into: &sink)
        try await producer.close()

        func read(_ topic: String, _ count: Int) async throws -> [IncomingRecord] {
            let consumer = try cluster.consumer()
            try consumer.assign((0..<3).map { TopicPartitionOffset(topic: topic, partition: $0, offset: KafkaConsumer.beginning) })
            let records = try await consumer.collect(count, timeout: .seconds(20))
            await consumer.close()
            return records
        }
        let instruments = try await read("reference.instruments", Fixtures.master.count).map { try Instrument(serializedBytes: $0.value) }
        #expect(Set(instruments.map(\.id)) == Set(Fixtures.master.instruments.map(\.id)))
        let equityRecords = try await read("market-data.equities.us", 8)
        let equities = try equityRecords.map { record in
            let event = try MarketEvent(serializedBytes: record.value)
            #expect(record.key == Array(event.instrumentId.utf8))
            return event
        }
        #expect(equities.count == 8)  // 5 from the CSV, 3 from the FIX file
        #expect(Set(equities.map(\.symbol)) == ["AAPL", "MSFT", "JPM"])
        let bonds = try await read("market-data.bonds.global", 2).map { try MarketEvent(serializedBytes: $0.value) }
        #expect(bonds.allSatisfy { $0.symbol == "US10Y" && $0.currency == "USD" })
        let options = try await read("market-data.derivatives.us", 2).map { try MarketEvent(serializedBytes: $0.value) }
        #expect(options.count == 2)
        let fx = try await read("market-data.fx", 1)
        #expect(fx.first?.key == Array("EURUSD".utf8))
        #expect(try FXRate(serializedBytes: fx[0].value).bid == 1.08741)
        let stories = try await read("news.raw", 4).map { try NewsItem(serializedBytes: $0.value) }
        #expect(Set(stories.map(\.id)) == ["N1", "N2", "N3", "N6"])
        let flowRecords = try await read("client-flows.inbound", 2).map { try ClientFlow(serializedBytes: $0.value) }
        #expect(Set(flowRecords.map(\.amount.amountString)) == ["5000000", "12.34"])
        #expect(summary.events > 0)

        let letterRecords = try await read("dlq.ingest", 12)
        let letters = try letterRecords.map { try DeadLetter(serializedBytes: $0.value) }
        // A quant's Python reads the same records with protoc-generated classes of topics/schema.
        let python = try Self.decodeWithPython(["DeadLetter": letterRecords.map(\.value), "MarketEvent": equityRecords.map(\.value)])
        #expect(python["DeadLetter"]?.sorted() == letters.map(\.reasonCode).sorted())
        #expect(python["MarketEvent"]?.sorted() == equities.map(\.symbol).sorted())
        #expect(letters.count == 12)  // 8 from the FIX file, 4 from the news file
        let fixLetters = letters.filter { $0.sourceTopic == "bad.fix" }.sorted { $0.reason < $1.reason }
        #expect(Set(fixLetters.map(\.reasonCode)) == [
            "BAD_CHECKSUM", "BAD_BODY_LENGTH", "SEQUENCE_GAP", "INVALID_PRICE", "UNKNOWN_SYMBOL", "INVALID_TIMESTAMP",
            "UNSUPPORTED_MESSAGE", "TRUNCATED_RECORD",
        ])
        let checksum = try #require(fixLetters.first { $0.reasonCode == "BAD_CHECKSUM" })
        #expect(checksum.sourceOffset == 9)
        #expect(checksum.sourcePartition == -1)
        #expect(String(decoding: checksum.payload, as: UTF8.self).contains("\u{1}34=9\u{1}"))
    }

    /// Decodes values with Python's protobuf and classes protoc generates from `topics/schema`; returns, per
    /// message type, each value's `reason_code` (DeadLetter) or symbol (MarketEvent).
    static func decodeWithPython(_ values: [String: [[UInt8]]]) throws -> [String: [String]] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-ingest-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        for (type, list) in values {
            for (index, bytes) in list.enumerated() { try Data(bytes).write(to: work.appendingPathComponent("\(type)__\(index).bin")) }
        }
        let schema = Repository.path("topics/schema")
        let protos = try FileManager.default.contentsOfDirectory(atPath: schema).filter { $0.hasSuffix(".proto") }.map { "\(schema)/\($0)" }
        let protoc = try #require(Command.find(["protoc"]), "protoc is not installed: run scripts/bootstrap")
        _ = try Command.check(protoc, ["--python_out=\(work.path)", "-I", schema] + protos)
        let script = """
            import glob, json, os, sys
            sys.path.insert(0, sys.argv[1])
            import dead_letter_pb2, market_event_pb2
            out = {}
            for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.bin"))):
                kind = os.path.basename(path).split("__")[0]
                data = open(path, "rb").read()
                if kind == "DeadLetter":
                    out.setdefault(kind, []).append(dead_letter_pb2.DeadLetter.FromString(data).reason_code)
                else:
                    event = market_event_pb2.MarketEvent.FromString(data)
                    out.setdefault(kind, []).append(getattr(event, event.WhichOneof("payload")).symbol)
            print(json.dumps(out))
            """
        let output = try Command.check(Repository.python, ["-c", script, work.path])
        return try JSONDecoder().decode([String: [String]].self, from: Data(output.stdout.utf8))
    }
}
