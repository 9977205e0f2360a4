import Foundation
import Model
import Serving
import Stream
import Testing
import TickFlowTestSupport

/// The views sink as `tickflow sink views` runs it: the view topics on librdkafka's mock cluster, the views in a
/// real redis-server.
@Suite struct MarketViewSinkKafkaTests {
    @Test func viewTopicsOnKafkaReachTheRedisViewsAndPoisonTheDeadLetterTopic() async throws {
        let cluster = try KafkaTestCluster()
        for topic in MarketViewUpdate.topics + ["dlq.views"] { try cluster.mock.createTopic(topic, partitions: 3, replicationFactor: 3) }
        var records = try MarketViewSinkTests.stream()
        records.insert(OutgoingRecord(topic: "analytics.risk", key: Array("pf-demo".utf8), value: [0x0A, 0xFF]), at: 30)
        let producer = try cluster.producer()
        try await producer.send(records)
        try await producer.flush(timeout: .seconds(30))

        let server = try RedisServer()
        let pool = RedisConnectionPool(configuration: .init(port: server.port, connections: 2))
        defer { pool.close() }
        let store = RedisMarketViewStore(pool: pool)
        let consumer = try cluster.consumer(group: "tickflow-views")
        try consumer.subscribe(topics: MarketViewUpdate.topics)
        let sink = MarketViewSink(store: store, consumer: consumer, deadLetters: DeadLetterRouter(producer: try cluster.producer()))
        let running = Task { try await sink.run() }

        // Everything but the poison and the 40 enriched trades becomes an update; wait for all of them.
        let expected = records.count - 1 - 40
        let deadline = ContinuousClock.now + .seconds(60)
        while await sink.updatesApplied + sink.recordsRejected < expected + 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        await consumer.close()
        try await running.value

        #expect(await sink.updatesApplied == expected)
        #expect(await sink.recordsRejected == 1)
        try await MarketViewSinkTests.expectViewsHoldTheStream(store)
        let letters = try cluster.consumer()
        try letters.subscribe(topics: ["dlq.views"])
        let dead = try await letters.collect(1).map { try DeadLetter(serializedBytes: $0.value) }
        await letters.close()
        #expect(dead.map(\.sourceTopic) == ["analytics.risk"])
        #expect(dead.first?.payload == [0x0A, 0xFF])
    }
}
