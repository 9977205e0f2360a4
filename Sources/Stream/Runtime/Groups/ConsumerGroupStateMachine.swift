/// The membership, partition assignment and committed offsets of one consumer group, as an I/O-free state machine.
///
/// Every change (a member joins, leaves, commits) returns the actions the owner must carry out — revoke partitions
/// from a member, hand partitions to a member starting at given offsets — and performs none itself, so it can be
/// tested without any transport.
///
/// Assignment is round-robin over the members in join order, per topic, recomputed on every join and leave. A
/// partition handed to a member starts at the group's committed offset, so whatever the previous owner processed
/// but did not commit is delivered again.
public struct ConsumerGroupStateMachine: Sendable {
    /// Identifies a member within its group.
    public typealias MemberID = Int

    /// What the owner of the group must do after a change.
    public enum Action: Hashable, Sendable {
        /// Stop delivering these partitions to the member; its fetch positions on them are forgotten.
        case revoke(member: MemberID, partitions: [TopicPartition])
        /// Start delivering these partitions to the member, each from the given offset (the group's committed one).
        case assign(member: MemberID, partitions: [TopicPartitionOffset])
    }

    /// The outcome of a commit.
    public enum CommitResult: Hashable, Sendable {
        /// The offsets were recorded; the partitions whose committed offset moved are listed.
        case accepted(advanced: [TopicPartition])
        /// Nothing was recorded: the member does not own these partitions (any more), or is not in the group.
        case rejected(notOwned: [TopicPartition])
    }

    /// The group's name.
    public let group: String
    /// Increases by one with every reassignment.
    public private(set) var generation = 0
    /// The members in join order.
    public private(set) var members: [MemberID] = []
    /// The topics each member subscribes to.
    public private(set) var subscriptions: [MemberID: Set<String>] = [:]
    /// The partitions each member owns.
    public private(set) var assignment: [MemberID: Set<TopicPartition>] = [:]
    /// The committed offset of each partition the group ever committed.
    public private(set) var committed: [TopicPartition: Int64] = [:]
    /// The partition count of every topic any member subscribed to.
    public private(set) var partitionCounts: [String: Int] = [:]

    /// Creates an empty group.
    ///
    /// - Parameter group: the group name.
    public init(group: String) {
        self.group = group
    }

    /// The topics at least one member subscribes to, or ever subscribed to: the group keeps its offsets after its
    /// members leave, like a Kafka group.
    public var topics: Set<String> { Set(partitionCounts.keys) }

    /// A member joins, subscribing to topics whose partition counts are given.
    ///
    /// - Parameters:
    ///   - member: a member id not already in the group.
    ///   - topics: the topics and their partition counts.
    /// - Returns: the reassignment actions.
    public mutating func join(member: MemberID, topics: [String: Int]) -> [Action] {
        precondition(subscriptions[member] == nil, "member \(member) already joined group \(group)")
        members.append(member)
        subscriptions[member] = Set(topics.keys)
        assignment[member] = []
        for (topic, count) in topics { partitionCounts[topic] = max(partitionCounts[topic] ?? 0, count) }
        return rebalance()
    }

    /// A member leaves the group; its partitions go to the others.
    ///
    /// - Parameter member: the member; leaving twice is a no-op.
    /// - Returns: the reassignment actions (the leaver gets no revoke: it is gone).
    public mutating func leave(member: MemberID) -> [Action] {
        guard subscriptions.removeValue(forKey: member) != nil else { return [] }
        members.removeAll { $0 == member }
        assignment.removeValue(forKey: member)
        return rebalance()
    }

    /// Records committed offsets from a member.
    ///
    /// A member may only commit partitions it owns: a commit from a member that lost the partition in a
    /// rebalance would race the new owner, which starts from the previous commit.
    ///
    /// - Parameters:
    ///   - member: the committing member.
    ///   - offsets: the positions to commit.
    /// - Returns: whether the commit was recorded.
    public mutating func commit(member: MemberID, offsets: [TopicPartitionOffset]) -> CommitResult {
        let owned = assignment[member] ?? []
        let notOwned = offsets.map(\.topicPartition).filter { !owned.contains($0) }
        guard notOwned.isEmpty else { return .rejected(notOwned: notOwned) }
        var advanced: [TopicPartition] = []
        for position in offsets where committed[position.topicPartition] != position.offset {
            committed[position.topicPartition] = position.offset
            advanced.append(position.topicPartition)
        }
        return .accepted(advanced: advanced)
    }

    /// The partition's owner, if any member owns it.
    ///
    /// - Parameter partition: a topic-partition.
    /// - Returns: the owning member.
    public func owner(of partition: TopicPartition) -> MemberID? {
        assignment.first { $0.value.contains(partition) }?.key
    }

    private mutating func rebalance() -> [Action] {
        generation += 1
        var target: [MemberID: Set<TopicPartition>] = [:]
        for member in members { target[member] = [] }
        for topic in partitionCounts.keys.sorted() {
            let subscribers = members.filter { subscriptions[$0]?.contains(topic) == true }
            guard !subscribers.isEmpty else { continue }
            for partition in 0..<(partitionCounts[topic] ?? 0) {
                let member = subscribers[partition % subscribers.count]
                target[member, default: []].insert(TopicPartition(topic: topic, partition: Int32(partition)))
            }
        }

        var actions: [Action] = []
        // Revokes come first so that no partition is ever owned by two members at once.
        for member in members {
            let lost = (assignment[member] ?? []).subtracting(target[member] ?? [])
            if !lost.isEmpty { actions.append(.revoke(member: member, partitions: Self.sorted(lost))) }
        }
        for member in members {
            let gained = (target[member] ?? []).subtracting(assignment[member] ?? [])
            if !gained.isEmpty {
                let starts = Self.sorted(gained).map { TopicPartitionOffset($0, offset: committed[$0] ?? 0) }
                actions.append(.assign(member: member, partitions: starts))
            }
        }
        assignment = target
        return actions
    }

    private static func sorted(_ partitions: Set<TopicPartition>) -> [TopicPartition] {
        partitions.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
