import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc  // stdout is a C global, read once before any task runs
#else
@preconcurrency import Darwin
#endif

/// `tickflow`: the command-line entry point of every TickFlow process.
@main
struct TickFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickflow",
        abstract: "Streaming market-data ingestion and analytics.",
        subcommands: [RunCommand.self, IngestCommand.self, ServeCommand.self, TopicsCommand.self, TailCommand.self, KafkaCommand.self,
                      BenchCommand.self, WarehouseCommand.self, QueryCommand.self, SinkCommand.self, ProcessCommand.self, AnalyticsCommand.self,
                      BacktestCommand.self]
    )

    /// Line-buffers stdout first, so progress and `tail` lines reach a pipe or a log file as they happen, and
    /// sets up logging (JSON lines on standard error unless `TICKFLOW_LOG_FORMAT=text`; ``LogFormat``).
    static func main() async {
        setvbuf(stdout, nil, _IOLBF, 0)
        bootstrapLogging()
        await main(nil)
    }
}

/// Options shared by the commands that talk to Kafka.
struct KafkaOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (host:port,…).")
    var brokers: String

    @Option(help: "Directory of the topic contract.")
    var topics: String = "topics"
}
