import Foundation
import Stream
import Synchronization
import Testing
import TickFlowTestSupport

@Suite struct KafkaConsumerGroupTests {
    @Test func twoMembersSplitThePartitionsAndOneTakesOverWhenTheOtherLeaves() async throws {
        let cluster = try KafkaTestCluster()
        let topic = try cluster.topic("group", partitions: 6)
        let group = "split-group"
        let revokedFromFirst = Mutex<[TopicPartition]>([])
        let first = try cluster.consumer(
            group: group,
            rebalanceHandler: KafkaRebalanceHandler(revoking: { partitions in revokedFromFirst.withLock { $0 += partitions } }))
        let second = try cluster.consumer(group: group)
        try first.subscribe(topics: [topic])
        let firstLog = RecordLog(), secondLog = RecordLog()
        let firstLoop = consumeLoop(first, into: firstLog)
        #expect(await eventually { first.assignment.count == 6 })

        try second.subscribe(topics: [topic])
        let secondLoop = consumeLoop(second, into: secondLog)
        #expect(await eventually { first.assignment.count == 3 && second.assignment.count == 3 })
        #expect(Set(first.assignment).isDisjoint(with: Set(second.assignment)))
        #expect(Set(revokedFromFirst.withLock { $0 }).count == 6, "the eager rebalance revoked all six first")

        let producer = try cluster.producer()
        try await producer.send(keyedRecords(topic: topic, keys: 30, count: 600))
        #expect(await eventually { await firstLog.count + secondLog.count == 600 })
        let firstCount = await firstLog.count, secondCount = await secondLog.count
        #expect(firstCount > 0 && secondCount > 0, "both members did work")

        secondLoop.cancel()
        _ = await secondLoop.result
        await second.close()
        #expect(await eventually { first.assignment.count == 6 })

        try await producer.send(keyedRecords(topic: topic, keys: 30, count: 600, start: 600))
        #expect(await eventually { await firstLog.count + secondLog.count == 1_200 })
        firstLoop.cancel()
        _ = await firstLoop.result
        await first.close()

        let all = await firstLog.records + secondLog.records
        #expect(Set(all.map { "\($0.partition):\($0.offset)" }).count == 1_200, "no duplicates across the handover")
        for (key, sequences) in sequencesByKey(all) {
            #expect(sequences.sorted() == Array(0..<40), "key \(key) complete")
        }
    }
}
