/// How a co-partitioned ``PartitionedProcessor`` groups its input partitions into tasks: one task per partition
/// number across its partitioned input topics, so that one operator sees every topic's records of the keys hashed
/// to that number (e.g. an instrument's bars and its top of book).
///
/// A task is named by its **key**: the partition of that number of the first topic (in configuration order).
/// The key names the task's state (``PartitionStateKey``) and is the ``OutputIdentity/source`` of its outputs, so
/// both stay the same across restarts — and across a change from a one-topic processor to a co-partitioned one
/// whose first topic is that topic: the task then resumes from the one-topic snapshot and reads the added topics
/// from their beginning.
///
/// Pure bookkeeping, no I/O: the processor checks the topics' partition counts at connect (``check(partitionCounts:)``)
/// and groups each assignment (``tasks(of:)``), which must give every topic's partition of a number to one member
/// (the `range` assignor does, for topics of equal partition counts).
public struct CoPartitioning: Hashable, Sendable {
    /// The partitioned input topics, the first naming the tasks.
    public let topics: [String]

    /// Groups partitions of these topics.
    ///
    /// - Throws: ``StreamError`` `.configuration` with no topic or a topic listed twice.
    public init(topics: [String]) throws {
        guard !topics.isEmpty, Set(topics).count == topics.count else {
            throw StreamError(.configuration, "co-partitioned topics must be distinct and at least one: \(topics)")
        }
        self.topics = topics
    }

    /// The key of the task an input partition belongs to.
    public func key(of partition: TopicPartition) -> TopicPartition {
        TopicPartition(topic: topics[0], partition: partition.partition)
    }

    /// The input partitions of a task, in topic order (the key first).
    public func members(of key: TopicPartition) -> [TopicPartition] {
        topics.map { TopicPartition(topic: $0, partition: key.partition) }
    }

    /// Checks that the topics have the same number of partitions: otherwise keys would not land on the same
    /// partition number in each.
    ///
    /// - Parameter counts: the partition count of each topic.
    /// - Throws: ``StreamError`` `.configuration` naming every topic and its count when they differ (or one is missing).
    public func check(partitionCounts counts: [String: Int]) throws {
        let found = topics.map { counts[$0] ?? 0 }
        guard Set(found).count == 1, found[0] > 0 else {
            let listed = zip(topics, found).map { "\($0.0): \($0.1)" }.joined(separator: ", ")
            throw StreamError(
                .configuration, "co-partitioned input topics must have the same number of partitions; they have \(listed)")
        }
    }

    /// The tasks of an assignment, sorted.
    ///
    /// - Throws: ``StreamError`` `.configuration` if the assignment holds some but not all of a partition number's
    ///   topics (the group split a task between members: not the `range` assignor, or unequal partition counts),
    ///   or a partition of another topic.
    public func tasks(of assigned: [TopicPartition]) throws -> [TopicPartition] {
        let given = Set(assigned)
        if let stranger = given.first(where: { !topics.contains($0.topic) }) {
            throw StreamError(.configuration, "assigned \(stranger), which is not among the co-partitioned topics \(topics)")
        }
        let keys = Set(given.map(key(of:)))
        for key in keys {
            let missing = members(of: key).filter { !given.contains($0) }
            if !missing.isEmpty {
                throw StreamError(
                    .configuration,
                    "the group split co-partitioned task \(key.partition): assigned \(members(of: key).filter(given.contains)) without \(missing); co-partitioned processors need the range assignor and topics of equal partition counts")
            }
        }
        return keys.sorted { $0.partition < $1.partition }
    }
}
