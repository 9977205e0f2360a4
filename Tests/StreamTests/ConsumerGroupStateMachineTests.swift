import Testing

@testable import Stream

@Suite struct ConsumerGroupStateMachineTests {
    private func partitions(_ topic: String, _ indices: [Int32]) -> [TopicPartition] {
        indices.map { TopicPartition(topic: topic, partition: $0) }
    }

    @Test func firstMemberGetsEveryPartitionFromTheStart() {
        var group = ConsumerGroupStateMachine(group: "g")
        let actions = group.join(member: 1, topics: ["t": 3])
        let assigned = partitions("t", [0, 1, 2]).map { TopicPartitionOffset($0, offset: 0) }
        #expect(actions == [.assign(member: 1, partitions: assigned)])
        #expect(group.generation == 1)
    }

    @Test func secondMemberTakesHalfFromTheCommittedOffsets() {
        var group = ConsumerGroupStateMachine(group: "g")
        _ = group.join(member: 1, topics: ["t": 4])
        #expect(group.commit(member: 1, offsets: [TopicPartitionOffset(topic: "t", partition: 1, offset: 7)]) == .accepted(advanced: partitions("t", [1])))
        let actions = group.join(member: 2, topics: ["t": 4])
        #expect(actions == [
            .revoke(member: 1, partitions: partitions("t", [1, 3])),
            .assign(member: 2, partitions: [TopicPartitionOffset(topic: "t", partition: 1, offset: 7), TopicPartitionOffset(topic: "t", partition: 3, offset: 0)]),
        ])
        #expect(group.assignment[1] == Set(partitions("t", [0, 2])))
        #expect(group.owner(of: TopicPartition(topic: "t", partition: 3)) == 2)
    }

    @Test func commitOfAPartitionNotOwnedIsRejected() {
        var group = ConsumerGroupStateMachine(group: "g")
        _ = group.join(member: 1, topics: ["t": 2])
        _ = group.join(member: 2, topics: ["t": 2])
        let result = group.commit(member: 1, offsets: [TopicPartitionOffset(topic: "t", partition: 1, offset: 5)])
        #expect(result == .rejected(notOwned: partitions("t", [1])))
        #expect(group.committed.isEmpty)
    }

    @Test func leaverPartitionsGoToTheRemainingMember() {
        var group = ConsumerGroupStateMachine(group: "g")
        _ = group.join(member: 1, topics: ["t": 2])
        _ = group.join(member: 2, topics: ["t": 2])
        _ = group.commit(member: 2, offsets: [TopicPartitionOffset(topic: "t", partition: 1, offset: 3)])
        let actions = group.leave(member: 2)
        #expect(actions == [.assign(member: 1, partitions: [TopicPartitionOffset(topic: "t", partition: 1, offset: 3)])])
        #expect(group.assignment[1] == Set(partitions("t", [0, 1])))
        #expect(group.leave(member: 2) == [])
        #expect(group.generation == 3)
    }
}
