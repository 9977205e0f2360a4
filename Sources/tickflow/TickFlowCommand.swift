import ArgumentParser
import Serving
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

    /// Line-buffers stdout first, so progress and `tail` lines reach a pipe or a log file as they happen, sets up
    /// logging (JSON lines on standard error unless `TICKFLOW_LOG_FORMAT=text`; ``LogFormat``), and runs the
    /// command's tasks on NIO's event loops when it is an ``EventLoopCommand`` that asks for it.
    static func main() async {
        setvbuf(stdout, nil, _IOLBF, 0)
        bootstrapLogging()
        do {
            var command = try parseAsRoot()
            if (command as? any EventLoopCommand)?.runsTasksOnEventLoops == true { ServingExecutor.runTasksOnEventLoops() }
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// A command whose work is mostly network I/O (serving HTTP, talking to Redis), which runs best with its tasks on
/// the event loops its sockets live on (``ServingExecutor/runTasksOnEventLoops()``).
protocol EventLoopCommand {
    /// Whether to make the event loops Swift Concurrency's global executor, decided once the arguments are parsed.
    var runsTasksOnEventLoops: Bool { get }
}

/// Options shared by the commands that talk to Kafka.
struct KafkaOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (host:port,…).")
    var brokers: String

    @Option(help: "Directory of the topic contract.")
    var topics: String = "topics"
}
