extension InProcessConsumer: RecordBacklogReporting {
    /// Records appended to this member's partitions that it has not been handed yet.
    public func recordsBehind() -> Int {
        transport.state.withLock { state in
            guard let member = state.members[memberID] else { return 0 }
            var behind: Int64 = 0
            for (partition, position) in member.positions {
                guard let log = state.topics[partition.topic]?.logs[Int(partition.partition)] else { continue }
                behind += max(0, log.endOffset - position)
            }
            return Int(behind)
        }
    }
}
