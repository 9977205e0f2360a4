/// Everything an ``InProcessTransport`` holds, guarded by its lock. Methods change the state and return the
/// continuations to resume; the transport resumes them after releasing the lock.
struct InProcessTransportState: Sendable {
    typealias Waiter = CheckedContinuation<Void, any Error>

    struct Topic: Sendable {
        var logs: [PartitionLog]
        var partitioner = KeyPartitioner()
    }

    struct Member: Sendable {
        let group: String
        let topics: Set<String>
        /// Next offset to deliver, per owned partition.
        var positions: [TopicPartition: Int64] = [:]
        /// Owned partitions in a stable order, read starting from a rotating index so none starves.
        var order: [TopicPartition] = []
        var rotation = 0
        var waiter: Waiter?
    }

    /// Continuations to resume once the lock is released, and events to report.
    struct Wakeups: Sendable {
        var resume: [Waiter] = []
        var fail: [Waiter] = []
        var events: [InProcessTransportEvent] = []
    }

    enum FetchResult: Sendable {
        case records([IncomingRecord])
        case endOfInput
        case mustWait
    }

    let configuration: InProcessTransportConfiguration
    var topics: [String: Topic] = [:]
    var groups: [String: ConsumerGroupStateMachine] = [:]
    var groupsByTopic: [String: [String]] = [:]
    var members: [Int: Member] = [:]
    var readers: [TopicPartition: Set<Int>] = [:]
    var producerWaiters: [TopicPartition: [Int: Waiter]] = [:]
    var nextID = 0
    var closed = false

    init(configuration: InProcessTransportConfiguration) {
        self.configuration = configuration
    }

    mutating func makeID() -> Int {
        nextID += 1
        return nextID
    }

    /// The partition count of a topic, creating it with `partitions` (or the default) if it does not exist.
    mutating func ensureTopic(_ name: String, partitions: Int? = nil) -> Int {
        if let topic = topics[name] { return topic.logs.count }
        let count = partitions ?? configuration.defaultPartitionCount
        topics[name] = Topic(logs: (0..<count).map { PartitionLog(TopicPartition(topic: name, partition: Int32($0))) })
        return count
    }

    /// The offset below which every group subscribed to the topic has committed; `nil` when no group subscribes.
    func floor(of partition: TopicPartition) -> Int64? {
        guard let groupNames = groupsByTopic[partition.topic], !groupNames.isEmpty,
            let log = topics[partition.topic]?.logs[Int(partition.partition)]
        else { return nil }
        var lowest = Int64.max
        for name in groupNames { lowest = min(lowest, groups[name]?.committed[partition] ?? 0) }
        return max(lowest, log.startOffset)
    }

    /// Releases the records every group has committed and wakes producers waiting for room.
    mutating func release(_ partition: TopicPartition, into wakeups: inout Wakeups) {
        if let floor = floor(of: partition) {
            topics[partition.topic]?.logs[Int(partition.partition)].trim(before: floor)
        }
        if let waiters = producerWaiters.removeValue(forKey: partition), !waiters.isEmpty {
            wakeups.resume.append(contentsOf: waiters.values)
            wakeups.events.append(.producerResumed(partition))
        }
    }

    /// Wakes the members reading a partition.
    mutating func notifyReaders(of partition: TopicPartition, into wakeups: inout Wakeups) {
        for id in readers[partition] ?? [] {
            if let waiter = members[id]?.waiter {
                members[id]?.waiter = nil
                wakeups.resume.append(waiter)
            }
        }
    }

    /// Carries out a group's reassignment.
    mutating func apply(_ actions: [ConsumerGroupStateMachine.Action], group: String, into wakeups: inout Wakeups) {
        for action in actions {
            switch action {
            case .revoke(let id, let partitions):
                for partition in partitions {
                    members[id]?.positions.removeValue(forKey: partition)
                    readers[partition]?.remove(id)
                }
                members[id]?.order.removeAll { partitions.contains($0) }
            case .assign(let id, let partitions):
                for start in partitions {
                    let log = topics[start.topic]?.logs[Int(start.partition)]
                    members[id]?.positions[start.topicPartition] = max(start.offset, log?.startOffset ?? 0)
                    members[id]?.order.append(start.topicPartition)
                    readers[start.topicPartition, default: []].insert(id)
                }
                if let waiter = members[id]?.waiter {
                    members[id]?.waiter = nil
                    wakeups.resume.append(waiter)
                }
            }
        }
        if !actions.isEmpty, let generation = groups[group]?.generation {
            wakeups.events.append(.rebalanced(group: group, generation: generation))
        }
    }

    /// Delivers up to `maxRecords` to a member.
    mutating func fetch(member id: Int, maxRecords: Int) -> FetchResult {
        guard var member = members[id] else { return .endOfInput }
        var batch: [IncomingRecord] = []
        let count = member.order.count
        for step in 0..<count where batch.count < maxRecords {
            let partition = member.order[(member.rotation + step) % count]
            guard let position = member.positions[partition],
                let log = topics[partition.topic]?.logs[Int(partition.partition)]
            else { continue }
            let slice = log.read(from: position, maxRecords: maxRecords - batch.count)
            if let last = slice.last {
                batch.append(contentsOf: slice)
                member.positions[partition] = last.offset + 1
            }
        }
        member.rotation &+= 1
        members[id] = member
        if !batch.isEmpty { return .records(batch) }
        return isAtEndOfInput(member) ? .endOfInput : .mustWait
    }

    /// Every subscribed topic is sealed and every owned partition read to its end.
    private func isAtEndOfInput(_ member: Member) -> Bool {
        for topic in member.topics {
            guard let logs = topics[topic]?.logs, logs.allSatisfy(\.sealed) else { return false }
        }
        for (partition, position) in member.positions {
            guard let log = topics[partition.topic]?.logs[Int(partition.partition)], position >= log.endOffset
            else { return false }
        }
        return true
    }
}
