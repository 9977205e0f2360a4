import Synchronization

/// A ``Transport`` inside one process: named topics of bounded, append-only partition logs, and consumer groups
/// that share partitions and commit positions.
///
/// - Topics are created on first use with ``InProcessTransportConfiguration/defaultPartitionCount`` partitions,
///   or declared with ``declareTopic(_:partitions:)``.
/// - Keyed records go to `toPositive(murmur2(key)) % partitions`, the partition Kafka would choose.
/// - A partition is full when it holds ``InProcessTransportConfiguration/partitionCapacity`` records that some
///   subscribed group has not committed; producers then wait (nothing is dropped) until a commit frees room.
/// - A member joining or leaving a group reassigns the group's partitions; a newly assigned partition is read from
///   the group's committed offset, so records delivered but not committed are delivered again.
///
/// All state sits behind one lock; waiting producers and consumers park on continuations, and records move in
/// batches, so there is no task hop per record.
public final class InProcessTransport: Transport {
    /// The settings this transport was created with.
    public let configuration: InProcessTransportConfiguration
    let state: Mutex<InProcessTransportState>

    /// Creates an empty transport.
    ///
    /// - Parameter configuration: partition counts, bounds, clock and observer.
    public init(configuration: InProcessTransportConfiguration = .init()) {
        self.configuration = configuration
        self.state = Mutex(InProcessTransportState(configuration: configuration))
    }

    /// Creates a topic with a given number of partitions.
    ///
    /// - Parameters:
    ///   - name: the topic name.
    ///   - partitions: its partition count; must be positive.
    /// - Throws: ``StreamError`` `.topicDefinition` if the topic exists with another partition count.
    public func declareTopic(_ name: String, partitions: Int) throws {
        precondition(partitions > 0, "a topic has at least one partition")
        let existing = state.withLock { $0.ensureTopic(name, partitions: partitions) }
        guard existing == partitions else {
            throw StreamError(.topicDefinition, "topic \(name) already exists with \(existing) partitions, not \(partitions)")
        }
    }

    /// Creates a producer. Producers are cheap and may be shared by tasks.
    public func makeProducer() throws -> any RecordProducer {
        InProcessProducer(transport: self)
    }

    /// Creates a consumer joining `group`, typed as a ``RecordConsumer``; see ``consumer(group:topics:)``.
    public func makeConsumer(group: String, topics: [String]) throws -> any RecordConsumer {
        try consumer(group: group, topics: topics)
    }

    /// Creates a consumer that joins `group`; the group's partitions are reassigned among its members.
    ///
    /// - Parameters:
    ///   - group: the group name.
    ///   - topics: the topics to subscribe to; missing ones are created with the default partition count.
    /// - Throws: ``StreamError`` `.closed` after ``shutdown()``.
    public func consumer(group: String, topics: [String]) throws -> InProcessConsumer {
        let (id, wakeups) = try state.withLock { state -> (Int, InProcessTransportState.Wakeups) in
            guard !state.closed else { throw StreamError(.closed, "the in-process transport is shut down") }
            let id = state.makeID()
            var counts: [String: Int] = [:]
            for topic in topics { counts[topic] = state.ensureTopic(topic) }
            state.members[id] = .init(group: group, topics: Set(topics))
            var machine = state.groups[group] ?? ConsumerGroupStateMachine(group: group)
            let actions = machine.join(member: id, topics: counts)
            state.groups[group] = machine
            for topic in topics where !(state.groupsByTopic[topic] ?? []).contains(group) {
                state.groupsByTopic[topic, default: []].append(group)
            }
            var wakeups = InProcessTransportState.Wakeups()
            state.apply(actions, group: group, into: &wakeups)
            return (id, wakeups)
        }
        deliver(wakeups)
        return InProcessConsumer(transport: self, memberID: id, group: group)
    }

    /// The number of partitions of a topic, creating it with the default count if it does not exist.
    public func partitionCount(of topic: String) async throws -> Int {
        state.withLock { $0.ensureTopic(topic) }
    }

    /// Marks a topic as complete: producing to it fails, and consumers that have read all of it get `nil`.
    ///
    /// This is how a bounded input (a file replay, a backtest, a test) tells the stages after it that it ended.
    ///
    /// - Parameter topic: the topic; created empty if it does not exist.
    public func seal(topic: String) {
        let wakeups = state.withLock { state -> InProcessTransportState.Wakeups in
            _ = state.ensureTopic(topic)
            var wakeups = InProcessTransportState.Wakeups()
            for index in state.topics[topic]!.logs.indices {
                state.topics[topic]!.logs[index].sealed = true
                state.notifyReaders(of: state.topics[topic]!.logs[index].topicPartition, into: &wakeups)
            }
            return wakeups
        }
        deliver(wakeups)
    }

    /// The end offset (the offset the next record gets) of each partition of a topic; empty if it does not exist.
    public func endOffsets(of topic: String) -> [Int64] {
        state.withLock { $0.topics[topic]?.logs.map(\.endOffset) ?? [] }
    }

    /// The offsets a group has committed.
    public func committedOffsets(group: String) -> [TopicPartition: Int64] {
        state.withLock { $0.groups[group]?.committed ?? [:] }
    }

    /// Closes the transport: pending and later reads return `nil`, pending and later sends throw `.closed`.
    public func shutdown() {
        let wakeups = state.withLock { state -> InProcessTransportState.Wakeups in
            state.closed = true
            var wakeups = InProcessTransportState.Wakeups()
            for id in state.members.keys {
                if let waiter = state.members[id]?.waiter { wakeups.resume.append(waiter) }
                state.members[id]?.waiter = nil
            }
            for waiters in state.producerWaiters.values { wakeups.fail.append(contentsOf: waiters.values) }
            state.producerWaiters = [:]
            return wakeups
        }
        deliver(wakeups)
    }

    func deliver(_ wakeups: InProcessTransportState.Wakeups) {
        for waiter in wakeups.resume { waiter.resume() }
        for waiter in wakeups.fail { waiter.resume(throwing: StreamError(.closed, "the in-process transport is shut down")) }
        if let observer = configuration.observer {
            for event in wakeups.events { observer(event) }
        }
    }
}
