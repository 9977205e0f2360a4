import Foundation
import Model
import Stream
import Testing
import TickFlowTestSupport

/// Undecodable records read from Kafka go to `dlq.<stage>` with the reason, and the stage goes on.
@Suite struct KafkaDeadLetterTests {
    struct PassThrough: Operator {
        mutating func process(_ batch: [StreamRecord<Trade>], into output: inout OperatorOutput<Trade>) throws {
            for record in batch { output.emit(record) }
        }
    }

    private func trade(_ index: Int) -> Trade {
        let symbols = ["AAPL", "MSFT", "NVDA", "JPM", "XOM"]
        let symbol = symbols[index % symbols.count]
        return Trade(
            instrumentId: "us-eq-\(symbol.lowercased())", symbol: symbol, venue: "XNAS", price: 100 + Double(index) / 100,
            quantity: 100, currency: "USD", tradeId: "t-\(index)", sequence: UInt64(index),
            eventTimeNanos: 1_763_700_000_000_000_000 + Int64(index) * 1_000_000, ingestTimeNanos: 1_763_700_000_000_000_000 + Int64(index) * 1_000_000 + 500)
    }

    @Test func malformedRecordsReachTheDeadLetterTopicAndTheStageGoesOn() async throws {
        let cluster = try KafkaTestCluster()
        let input = try cluster.topic("trades-raw", partitions: 3)
        let output = try cluster.topic("trades-valid", partitions: 3)
        let stage = "kafka-validate"
        try cluster.mock.createTopic(DeadLetterRouter.topic(forStage: stage), partitions: 3, replicationFactor: 3)

        // 300 records on the wire: every tenth is garbage, every 25th a well-formed Trade with an empty symbol.
        var records: [OutgoingRecord] = []
        var bad: [[UInt8]] = []
        for index in 0..<300 {
            var bytes = try trade(index).serializedBytes()
            let key = Array(trade(index).instrumentId.utf8)
            if index % 10 == 9 {
                bytes = [0xFF, 0xFF, 0xFF, 0x0F] + Array("not protobuf \(index)".utf8)
                bad.append(bytes)
            } else if index % 25 == 12 {
                var proto = trade(index).proto
                proto.symbol = ""
                bytes = try proto.serializedBytes()
                bad.append(bytes)
            }
            records.append(OutgoingRecord(topic: input, key: key, value: bytes))
        }
        let producer = try cluster.producer()
        try await producer.send(records)

        let consumer = try cluster.consumer(group: stage)
        try consumer.subscribe(topics: [input])
        let pipeline = Pipeline(
            stage: stage, source: ConsumerSource(consumer: consumer, codec: ModelCodec<Trade>()), operators: PassThrough(),
            sink: ProducerSink(producer: producer, topic: output, codec: ModelCodec<Trade>()),
            deadLetters: DeadLetterRouter(producer: producer), checkpoints: nil)
        let running = Task { try await pipeline.run() }

        let valid = try cluster.consumer()
        try valid.subscribe(topics: [output])
        let written = try await valid.collect(300 - bad.count)
        let dlq = try cluster.consumer()
        try dlq.subscribe(topics: [DeadLetterRouter.topic(forStage: stage)])
        let letters = try await dlq.collect(bad.count).map { try DeadLetter(serializedBytes: $0.value) }
        pipeline.stop()
        try await running.value
        await valid.close()
        await dlq.close()

        #expect(written.count == 300 - bad.count)
        #expect(Set(try written.map { try Trade(serializedBytes: $0.value).tradeId }).count == written.count)
        #expect(letters.count == bad.count)
        #expect(Set(letters.map(\.payload)) == Set(bad), "each dead letter carries the original bytes")
        #expect(letters.allSatisfy { $0.stage == stage && $0.sourceTopic == input && $0.reasonCode == "DECODE_ERROR" })
        #expect(letters.allSatisfy { !$0.reason.isEmpty })
        let emptySymbol = try #require(letters.first { $0.payload != bad[0] && !$0.payload.starts(with: [0xFF]) })
        #expect(emptySymbol.reason.contains("symbol"), "the reason names the invalid field: \(emptySymbol.reason)")
        // The dead letter points back at the record it came from.
        let offsets = Set(letters.map { "\($0.sourcePartition):\($0.sourceOffset)" })
        #expect(offsets.count == bad.count)
    }
}
