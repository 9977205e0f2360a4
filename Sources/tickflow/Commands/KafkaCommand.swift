import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Stream

/// `tickflow kafka mock`: a local three-broker Kafka (librdkafka's mock cluster) with the contract's topics.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka", abstract: "Local Kafka for development.", subcommands: [Mock.self])

    struct Mock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run librdkafka's mock cluster with the contract's topics until interrupted.")

        @Option(help: "Number of brokers.") var brokerCount = 3
        @Option(help: "Directory of the topic contract.") var topics = "topics"
        @Option(help: "Also write the bootstrap servers to this file.") var bootstrapFile: String?

        func run() async throws {
            let cluster = try KafkaMockCluster(brokers: brokerCount)
            let catalog = try TopicCatalog.load(directory: topics)
            let plan = try await KafkaAdmin(bootstrapServers: cluster.bootstrapServers)
                .apply(catalog.definitions, creator: cluster)
            print("mock Kafka cluster: \(brokerCount) brokers, \(plan.toCreate.count) topics created")
            print("bootstrap.servers=\(cluster.bootstrapServers)")
            if let bootstrapFile {
                try cluster.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
            }
            let group = ServiceGroup(
                services: [MockClusterService(cluster: cluster)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "tickflow.kafka.mock"))
            try await group.run()
        }
    }
}

/// Keeps the mock cluster up until graceful shutdown (SIGINT/SIGTERM), then lets it go.
struct MockClusterService: Service {
    let cluster: KafkaMockCluster

    func run() async throws {
        try? await gracefulShutdown()
        withExtendedLifetime(cluster) {}
    }
}
