import Stream
import Testing

/// Grouping of assignments into co-partitioned tasks, and the connect-time partition count check.
@Suite struct CoPartitioningTests {
    let grouping = try! CoPartitioning(topics: ["bars.1m", "market-data.top-of-book"])

    func bars(_ partition: Int32) -> TopicPartition { TopicPartition(topic: "bars.1m", partition: partition) }
    func books(_ partition: Int32) -> TopicPartition { TopicPartition(topic: "market-data.top-of-book", partition: partition) }

    @Test func aTaskIsOnePartitionNumberAcrossTheTopicsNamedByTheFirstTopicsPartition() throws {
        #expect(grouping.key(of: books(4)) == bars(4))
        #expect(grouping.key(of: bars(4)) == bars(4))
        #expect(grouping.members(of: bars(2)) == [bars(2), books(2)])
        let tasks = try grouping.tasks(of: [books(2), bars(0), bars(2), books(0)])
        #expect(tasks == [bars(0), bars(2)])
        #expect(try grouping.tasks(of: []) == [])
    }

    @Test func anAssignmentSplittingAPartitionNumberIsAConfigurationError() {
        let error = #expect(throws: StreamError.self) { try grouping.tasks(of: [bars(0), books(0), bars(1)]) }
        #expect(error?.code == .configuration)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("market-data.top-of-book[1]"), "names the missing partition: \(message)")
        #expect(message.contains("range"), "says which assignor is needed: \(message)")
    }

    @Test func aPartitionOfAnotherTopicIsRefused() {
        let error = #expect(throws: StreamError.self) { try grouping.tasks(of: [TopicPartition(topic: "ticks", partition: 0)]) }
        #expect(error?.code == .configuration)
    }

    @Test func topicsOfDifferentPartitionCountsAreAConfigurationErrorNamingThem() throws {
        try grouping.check(partitionCounts: ["bars.1m": 6, "market-data.top-of-book": 6])
        let error = #expect(throws: StreamError.self) {
            try grouping.check(partitionCounts: ["bars.1m": 6, "market-data.top-of-book": 3])
        }
        #expect(error?.code == .configuration)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("bars.1m: 6") && message.contains("market-data.top-of-book: 3"), "\(message)")
    }

    @Test func theTopicsMustBeDistinctAndAtLeastOne() {
        #expect(throws: StreamError.self) { try CoPartitioning(topics: []) }
        #expect(throws: StreamError.self) { try CoPartitioning(topics: ["a", "a"]) }
    }
}
