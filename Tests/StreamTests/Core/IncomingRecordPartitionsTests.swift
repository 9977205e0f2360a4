import Testing

@testable import Stream

@Suite struct IncomingRecordPartitionsTests {
    private static func record(_ topic: String, _ partition: Int32, _ offset: Int64) -> IncomingRecord {
        IncomingRecord(
            topicPartition: TopicPartition(topic: topic, partition: partition), offset: offset, key: Array("AAPL".utf8),
            value: Array("\(topic)-\(partition)-\(offset)".utf8))
    }

    @Test func runsOfOnePartitionAreSlicesOfTheBatch() {
        let batch = [
            Self.record("market-data.equities.us", 0, 7), Self.record("market-data.equities.us", 0, 8),
            Self.record("market-data.equities.us", 1, 3), Self.record("market-data.fx", 0, 41), Self.record("market-data.fx", 0, 42),
        ]
        let grouped = batch.groupedByPartition()

        #expect(grouped.count == 3)
        let first = grouped[TopicPartition(topic: "market-data.equities.us", partition: 0)]
        #expect(first?.map(\.offset) == [7, 8])
        #expect(first?.indices == 0..<2)
        #expect(grouped[TopicPartition(topic: "market-data.equities.us", partition: 1)]?.map(\.offset) == [3])
        let fx = grouped[TopicPartition(topic: "market-data.fx", partition: 0)]
        #expect(fx?.indices == 3..<5)
        #expect(fx?.map(\.value) == [Array("market-data.fx-0-41".utf8), Array("market-data.fx-0-42".utf8)])
    }

    @Test func aPartitionReadInSeveralRunsIsGatheredInReadOrder() {
        let batch = [
            Self.record("bars.1m", 2, 10), Self.record("bars.1m", 5, 90), Self.record("bars.1m", 2, 11),
            Self.record("bars.1m", 5, 91), Self.record("bars.1m", 2, 12),
        ]
        let grouped = batch.groupedByPartition()

        #expect(grouped[TopicPartition(topic: "bars.1m", partition: 2)]?.map(\.offset) == [10, 11, 12])
        #expect(grouped[TopicPartition(topic: "bars.1m", partition: 5)]?.map(\.offset) == [90, 91])
        #expect(grouped.values.reduce(0) { $0 + $1.count } == batch.count)
    }

    @Test func anEmptyBatchHasNoPartitions() {
        #expect([IncomingRecord]().groupedByPartition().isEmpty)
    }
}
