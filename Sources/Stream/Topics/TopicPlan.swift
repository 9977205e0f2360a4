/// What `tickflow topics apply` will do: the contract's topics compared with what a cluster reports.
///
/// Pure: built from definitions and metadata, so it is tested without a cluster.
public struct TopicPlan: Sendable, Hashable {
    /// The verdict for one topic of the contract.
    public enum Action: Sendable, Hashable {
        /// Missing from the cluster: it will be created.
        case create(TopicDefinition)
        /// Present with the declared partitions and replication.
        case inSync(String)
        /// Present but different; each string says what differs. Not changed automatically: partitions can only
        /// grow, which moves keys between partitions, so an operator decides.
        case drift(String, [String])
    }

    /// One action per definition, in the catalog's order.
    public var actions: [Action]

    /// Compares definitions with the cluster's topics.
    public init(definitions: [TopicDefinition], existing: [KafkaTopicMetadata]) {
        let byName = Dictionary(existing.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        actions = definitions.map { definition in
            guard let topic = byName[definition.name], topic.error == nil, !topic.partitions.isEmpty else {
                return .create(definition)
            }
            var differences: [String] = []
            if topic.partitions.count != definition.partitions {
                differences.append("partitions: cluster has \(topic.partitions.count), contract says \(definition.partitions)")
            }
            if topic.replicationFactor != definition.replicationFactor {
                differences.append(
                    "replication factor: cluster has \(topic.replicationFactor), contract says \(definition.replicationFactor)")
            }
            return differences.isEmpty ? .inSync(definition.name) : .drift(definition.name, differences)
        }
    }

    /// The topics to create.
    public var toCreate: [TopicDefinition] {
        actions.compactMap { if case .create(let definition) = $0 { definition } else { nil } }
    }

    /// The topics that differ from the contract, with what differs.
    public var drifted: [(name: String, differences: [String])] {
        actions.compactMap { if case .drift(let name, let differences) = $0 { (name, differences) } else { nil } }
    }

    /// One line per topic, for the command line.
    public var report: [String] {
        actions.map { action in
            switch action {
            case .create(let definition):
                "create   \(definition.name) (partitions \(definition.partitions), replication \(definition.replicationFactor), \(definition.cleanupPolicy.rawValue))"
            case .inSync(let name): "ok       \(name)"
            case .drift(let name, let differences): "DRIFT    \(name): \(differences.joined(separator: "; "))"
            }
        }
    }
}

/// Something that can create topics from their definitions: the Admin API of a real cluster, or the mock cluster.
public protocol TopicCreator: Sendable {
    /// Creates the topics; one that already exists is not an error.
    func createTopics(_ definitions: [TopicDefinition]) async throws
}

extension TopicDefinition {
    /// The topic-level configs Kafka stores for this definition.
    public var kafkaConfigs: [String: String] {
        ["retention.ms": String(retentionMs), "cleanup.policy": cleanupPolicy.rawValue]
    }
}

extension KafkaAdmin: TopicCreator {
    public func createTopics(_ definitions: [TopicDefinition]) async throws {
        _ = try await createTopics(definitions.map {
            NewTopic(name: $0.name, partitions: $0.partitions, replicationFactor: $0.replicationFactor, configs: $0.kafkaConfigs)
        })
    }
}

extension KafkaMockCluster: TopicCreator {
    public func createTopics(_ definitions: [TopicDefinition]) async throws {
        for definition in definitions {
            try createTopic(
                definition.name, partitions: definition.partitions,
                replicationFactor: min(definition.replicationFactor, brokerCount))
        }
    }
}

extension KafkaAdmin {
    /// Brings a cluster in line with the contract: creates missing topics and reports drift, idempotently.
    ///
    /// - Parameters:
    ///   - definitions: the contract's topics.
    ///   - creator: who creates missing topics (this admin client, or the mock cluster, which lacks CreateTopics).
    /// - Returns: the plan that was applied; its ``TopicPlan/drifted`` topics were left as they are.
    public func apply(_ definitions: [TopicDefinition], creator: (any TopicCreator)? = nil) async throws -> TopicPlan {
        let plan = TopicPlan(definitions: definitions, existing: try await topics())
        if !plan.toCreate.isEmpty { try await (creator ?? self).createTopics(plan.toCreate) }
        return plan
    }
}
