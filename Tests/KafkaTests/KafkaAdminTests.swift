import Foundation
import Stream
import Testing
import TickFlowTestSupport

@Suite struct KafkaAdminTests {
    private var contract: TopicCatalog {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            return try TopicCatalog.load(directory: root.appendingPathComponent("topics").path)
        }
    }

    @Test func applyingTheContractCreatesEveryTopicOnceAndThenReportsNoChange() async throws {
        let cluster = try KafkaTestCluster()
        let admin = try KafkaAdmin(bootstrapServers: cluster.bootstrapServers)
        let definitions = try contract.definitions
        #expect(definitions.count >= 20)

        let first = try await admin.apply(definitions, creator: cluster.mock)
        #expect(first.toCreate.count == definitions.count)
        let second = try await admin.apply(definitions, creator: cluster.mock)
        #expect(second.toCreate.isEmpty, "a second apply creates nothing")
        #expect(second.drifted.isEmpty)

        let topics = try await admin.topics()
        let equities = try #require(topics.first { $0.name == "market-data.equities.us" })
        #expect(equities.partitions.count == 6)
        #expect(equities.replicationFactor == 3)

        var changed = definitions
        let index = try #require(changed.firstIndex { $0.name == "market-data.equities.us" })
        changed[index].partitions = 12
        let drifted = try await admin.apply(changed, creator: cluster.mock)
        #expect(drifted.drifted.map(\.name) == ["market-data.equities.us"])
        #expect(drifted.drifted.first?.differences == ["partitions: cluster has 6, contract says 12"])
    }

    @Test func createTopicsOnAClusterWithoutTheAdminApiIsATypedError() async throws {
        let cluster = try KafkaTestCluster()
        let admin = try KafkaAdmin(bootstrapServers: cluster.bootstrapServers)
        let error = await #expect(throws: StreamError.self) {
            _ = try await admin.createTopics(
                [KafkaAdmin.NewTopic(name: "created", partitions: 3, replicationFactor: 3)], timeout: .seconds(3))
        }
        #expect(error?.code == .admin || error?.code == .timeout)
        #expect(error?.message.isEmpty == false)
    }
}
