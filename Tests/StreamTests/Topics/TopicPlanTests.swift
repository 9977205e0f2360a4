import Stream
import Testing

@Suite struct TopicPlanTests {
    private func definition(_ name: String, partitions: Int = 6, replication: Int = 3) -> TopicDefinition {
        TopicDefinition(
            name: name, partitions: partitions, replicationFactor: replication, retentionMs: 604_800_000,
            cleanupPolicy: .delete, key: "instrument_id", valueMessage: "tickflow.v1.MarketEvent", description: "test")
    }

    private func metadata(_ name: String, partitions: Int, replicas: Int) -> KafkaTopicMetadata {
        KafkaTopicMetadata(
            name: name,
            partitions: (0..<partitions).map {
                KafkaPartitionMetadata(id: Int32($0), leader: 1, replicaCount: replicas, inSyncReplicaCount: replicas)
            },
            error: nil)
    }

    @Test func missingTopicsAreCreatedAndMatchingOnesLeftAlone() {
        let plan = TopicPlan(
            definitions: [definition("market-data.fx"), definition("news.raw", partitions: 3)],
            existing: [metadata("news.raw", partitions: 3, replicas: 3)])
        #expect(plan.toCreate.map(\.name) == ["market-data.fx"])
        #expect(plan.actions[1] == .inSync("news.raw"))
        #expect(plan.drifted.isEmpty)
    }

    @Test func differentPartitionsOrReplicationAreReportedAsDrift() {
        let plan = TopicPlan(
            definitions: [definition("bars.1m", partitions: 6, replication: 3)],
            existing: [metadata("bars.1m", partitions: 4, replicas: 1)])
        #expect(plan.toCreate.isEmpty)
        let drift = plan.drifted.first
        #expect(drift?.name == "bars.1m")
        #expect(drift?.differences == [
            "partitions: cluster has 4, contract says 6", "replication factor: cluster has 1, contract says 3",
        ])
        #expect(plan.report == ["DRIFT    bars.1m: partitions: cluster has 4, contract says 6; replication factor: cluster has 1, contract says 3"])
    }

    @Test func aTopicTheClusterReportsWithAnErrorIsCreated() {
        var unknown = metadata("dlq.stream", partitions: 0, replicas: 0)
        unknown.error = .unknownTopicOrPartition
        let plan = TopicPlan(definitions: [definition("dlq.stream")], existing: [unknown])
        #expect(plan.toCreate.map(\.name) == ["dlq.stream"])
    }

    @Test func configsCarryRetentionAndCleanupPolicy() {
        var compacted = definition("market-data.fx")
        compacted.cleanupPolicy = .compact
        compacted.retentionMs = -1
        #expect(compacted.kafkaConfigs == ["retention.ms": "-1", "cleanup.policy": "compact"])
    }
}
