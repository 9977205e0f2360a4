/// One topic of the TickFlow contract, as declared in `topics/<name>.json`.
///
/// The JSON keys are the property names: `name`, `partitions`, `replicationFactor`, `retentionMs`,
/// `cleanupPolicy`, `key`, `valueMessage`, `description`.
public struct TopicDefinition: Codable, Sendable, Hashable {
    /// How Kafka discards old records of a topic.
    public enum CleanupPolicy: String, Codable, Sendable, Hashable, CaseIterable {
        /// Records are deleted once older than the retention.
        case delete
        /// Only the latest record of each key is kept.
        case compact
    }

    /// The Kafka topic name, e.g. `market-data.equities.us`.
    public var name: String
    /// The number of partitions, >= 1.
    public var partitions: Int
    /// Replicas per partition, >= 1.
    public var replicationFactor: Int
    /// How long records are kept, in milliseconds; -1 keeps them forever.
    public var retentionMs: Int64
    /// `delete` or `compact`.
    public var cleanupPolicy: CleanupPolicy
    /// What the record key holds, e.g. `instrument_id`.
    public var key: String
    /// The fully qualified Protobuf message of the record value, e.g. `tickflow.v1.MarketEvent`.
    public var valueMessage: String
    /// What the topic carries, for humans.
    public var description: String

    /// Creates a definition; call ``validate()`` to check it.
    public init(
        name: String, partitions: Int, replicationFactor: Int, retentionMs: Int64, cleanupPolicy: CleanupPolicy,
        key: String, valueMessage: String, description: String
    ) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.retentionMs = retentionMs
        self.cleanupPolicy = cleanupPolicy
        self.key = key
        self.valueMessage = valueMessage
        self.description = description
    }

    /// Whether records are kept forever (`retentionMs == -1`).
    public var retainsForever: Bool { retentionMs == -1 }

    /// Whether the topic is compacted (latest record per key).
    public var isCompacted: Bool { cleanupPolicy == .compact }

    /// The longest topic name Kafka accepts.
    public static let maxNameLength = 249

    /// Checks the values on their own (the catalog checks names across files and the schema).
    ///
    /// - Throws: ``StreamError`` with code ``StreamError/Code/topicDefinition`` naming the topic and field.
    public func validate() throws(StreamError) {
        let legal = name.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        if name.isEmpty || name.utf8.count > Self.maxNameLength || !legal || name == "." || name == ".." {
            throw invalid(
                "name", "must be 1-\(Self.maxNameLength) characters of [a-zA-Z0-9._-], got \"\(name)\"")
        }
        if partitions < 1 { throw invalid("partitions", "must be >= 1, got \(partitions)") }
        if replicationFactor < 1 { throw invalid("replicationFactor", "must be >= 1, got \(replicationFactor)") }
        if retentionMs != -1 && retentionMs <= 0 {
            throw invalid("retentionMs", "must be > 0, or -1 to keep records forever, got \(retentionMs)")
        }
        if key.isEmpty { throw invalid("key", "must say what the record key holds") }
        let components = valueMessage.split(separator: ".", omittingEmptySubsequences: false)
        let qualified = components.count >= 2 && components.allSatisfy { component in
            guard let first = component.utf8.first, !(first >= 48 && first <= 57) else { return false }
            return component.utf8.allSatisfy { byte in
                (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
            }
        }
        if !qualified {
            throw invalid(
                "valueMessage", "must be a fully qualified Protobuf message such as tickflow.v1.MarketEvent, got \"\(valueMessage)\"")
        }
        if description.isEmpty { throw invalid("description", "must not be empty") }
    }

    private func invalid(_ field: String, _ reason: String) -> StreamError {
        StreamError(.topicDefinition, "topic \"\(name)\": \(field) \(reason)")
    }

    private enum CodingKeys: String, CodingKey {
        case name, partitions, replicationFactor, retentionMs, cleanupPolicy, key, valueMessage, description
    }

    /// Decodes a definition; an unknown `cleanupPolicy` is reported with the accepted values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        partitions = try container.decode(Int.self, forKey: .partitions)
        replicationFactor = try container.decode(Int.self, forKey: .replicationFactor)
        retentionMs = try container.decode(Int64.self, forKey: .retentionMs)
        let policy = try container.decode(String.self, forKey: .cleanupPolicy)
        guard let cleanupPolicy = CleanupPolicy(rawValue: policy) else {
            let accepted = CleanupPolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw DecodingError.dataCorruptedError(
                forKey: .cleanupPolicy, in: container,
                debugDescription: "unknown cleanup policy \"\(policy)\" (expected \(accepted))")
        }
        self.cleanupPolicy = cleanupPolicy
        key = try container.decode(String.self, forKey: .key)
        valueMessage = try container.decode(String.self, forKey: .valueMessage)
        description = try container.decode(String.self, forKey: .description)
    }
}
