/// What a feed produced: events by type and by topic, rejects by reason with their first positions.
public struct IngestSummary: Sendable, Hashable, CustomStringConvertible {
    /// How many positions are kept per reject reason.
    public static let examplesPerReason = 5

    /// Events by type (`trade`, `quote`, `fx`, `news`, `flow`, `instrument`).
    public var eventsByType: [String: Int] = [:]
    /// Events by destination topic.
    public var eventsByTopic: [String: Int] = [:]
    /// Rejects by reason.
    public var rejectsByReason: [RejectReason: Int] = [:]
    /// The first positions of each reason's rejects, with their detail.
    public var firstRejects: [RejectReason: [String]] = [:]

    /// An empty summary.
    public init() {}

    /// All events.
    public var events: Int { eventsByType.values.reduce(0, +) }
    /// All rejects.
    public var rejects: Int { rejectsByReason.values.reduce(0, +) }

    /// Counts a batch.
    public mutating func add(_ items: [FeedItem]) {
        for item in items {
            switch item {
            case .event(let event):
                eventsByType[event.typeName, default: 0] += 1
                eventsByTopic[event.topic, default: 0] += 1
            case .reject(let reject):
                rejectsByReason[reject.reason, default: 0] += 1
                if firstRejects[reject.reason, default: []].count < Self.examplesPerReason {
                    firstRejects[reject.reason, default: []].append("\(reject.position): \(reject.detail)")
                }
            }
        }
    }

    /// The report `tickflow ingest` prints.
    public var description: String {
        var lines = ["events: \(events)"]
        for (type, count) in eventsByType.sorted(by: { $0.key < $1.key }) { lines.append("  \(type): \(count)") }
        lines.append("by topic:")
        for (topic, count) in eventsByTopic.sorted(by: { $0.key < $1.key }) { lines.append("  \(topic): \(count)") }
        lines.append("rejects: \(rejects)")
        for (reason, count) in rejectsByReason.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines.append("  \(reason.rawValue): \(count)")
            for example in firstRejects[reason] ?? [] { lines.append("    \(example)") }
        }
        return lines.joined(separator: "\n")
    }
}
