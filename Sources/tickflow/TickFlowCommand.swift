import ArgumentParser

/// `tickflow`: the command-line entry point of every TickFlow process.
@main
struct TickFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickflow",
        abstract: "Streaming market-data ingestion and analytics.",
        subcommands: [RunCommand.self, TopicsCommand.self, TailCommand.self, KafkaCommand.self, BenchCommand.self]
    )
}

/// Options shared by the commands that talk to Kafka.
struct KafkaOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (host:port,…).")
    var brokers: String

    @Option(help: "Directory of the topic contract.")
    var topics: String = "topics"
}
