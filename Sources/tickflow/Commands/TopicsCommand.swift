import ArgumentParser
import Stream

/// `tickflow topics apply|list`: the topic contract against a cluster.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "Create the contract's topics on a cluster, or list them.",
        subcommands: [Apply.self, List.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create missing topics from topics/ (idempotent) and report drift from the contract.")
        @OptionGroup var kafka: KafkaOptions

        func run() async throws {
            let catalog = try TopicCatalog.load(directory: kafka.topics)
            let admin = try KafkaAdmin(bootstrapServers: kafka.brokers)
            let plan = try await admin.apply(catalog.definitions)
            plan.report.forEach { print($0) }
            print("\(plan.toCreate.count) created, \(plan.drifted.count) drifted, \(catalog.definitions.count) in the contract")
            if !plan.drifted.isEmpty { throw ExitCode(2) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cluster's topics next to the contract.")
        @OptionGroup var kafka: KafkaOptions

        func run() async throws {
            let catalog = try TopicCatalog.load(directory: kafka.topics)
            let topics = try await KafkaAdmin(bootstrapServers: kafka.brokers).topics()
            let contract = Set(catalog.definitions.map(\.name))
            print("TOPIC".padding(toLength: 36, withPad: " ", startingAt: 0) + "PARTITIONS  REPLICATION  CONTRACT")
            for topic in topics where !topic.name.hasPrefix("__") {
                let name = topic.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                let partitions = String(topic.partitions.count).padding(toLength: 12, withPad: " ", startingAt: 0)
                let replication = String(topic.replicationFactor).padding(toLength: 13, withPad: " ", startingAt: 0)
                print(name + partitions + replication + (contract.contains(topic.name) ? "yes" : "no"))
            }
            let missing = contract.subtracting(topics.map(\.name)).sorted()
            if !missing.isEmpty { print("missing from the cluster: \(missing.joined(separator: ", "))") }
        }
    }
}
