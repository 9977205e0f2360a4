import ArgumentParser

/// `tickflow bench NAME`: one benchmark, ours against its peer in the same run; the last line is the result.
struct BenchCommand: AsyncParsableCommand, EventLoopCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark against its peer (see `make bench`).")

    static let names = [
        "kafka-produce", "kafka-consume", "inproc-transport", "ingest-csv", "ingest-fix", "ingest-latency",
        "wh-write", "wh-size", "wh-scan", "wh-read", "api-order", "api-quote", "api-quote-p99", "tick-to-api", "e2e-embedded", "stream-bars",
        "stream-kafka", "stream-latency", "var-mc", "var-incremental", "cov-update", "backtest",
    ]

    @Argument(help: "One of: \(names.joined(separator: ", ")).") var name: String
    @Option(help: "Messages, events or rows (defaults: 1,000,000 for Kafka and FIX, 5,000,000 in-process and CSV, 5,000 latency samples, 10,000,000 warehouse rows).") var count: Int?

    /// The API benchmarks measure the server as `tickflow serve` runs it: tasks on the event loops.
    var runsTasksOnEventLoops: Bool { ["api-quote", "api-quote-p99", "api-order"].contains(name) }

    func validate() throws {
        guard Self.names.contains(name) else { throw ValidationError("unknown benchmark \(name); known: \(Self.names.joined(separator: ", "))") }
    }

    func run() async throws {
        let result: BenchMeasurement
        switch name {
        case "kafka-produce", "kafka-consume":
            let benchmark = try KafkaBenchmark(messages: count ?? 1_000_000)
            defer { benchmark.cleanUp() }
            result = name == "kafka-produce" ? try await benchmark.produce() : try await benchmark.consume()
        case "wh-write", "wh-size", "wh-scan", "wh-read":
            let benchmark = try WarehouseBenchmark(rows: count ?? 10_000_000)
            defer { benchmark.cleanUp() }
            switch name {
            case "wh-write": result = try benchmark.write().write
            case "wh-size": result = try benchmark.write().size
            case "wh-scan": result = try benchmark.scan()
            default: result = try benchmark.read()
            }
        case "ingest-csv", "ingest-fix", "ingest-latency":
            let benchmark = try IngestBenchmark()
            defer { benchmark.cleanUp() }
            switch name {
            case "ingest-csv": result = try await benchmark.csv(rows: count ?? 5_000_000)
            case "ingest-fix": result = try await benchmark.fix(messages: count ?? 1_000_000)
            default: result = try await benchmark.latency(records: count ?? 5_000)
            }
        case "stream-kafka":
            result = try await StreamBenchmark().throughput(ticks: count ?? 200_000, peerMessages: 1_000_000)
        case "stream-latency":
            result = try await StreamBenchmark().latency(samples: count ?? 5_000)
        case "stream-bars":
            let benchmark = try StreamBarsBenchmark(ticks: count ?? 1_500_000)
            defer { benchmark.cleanUp() }
            result = try benchmark.run()
        case "backtest":
            let benchmark = try BacktestBenchmark(ticks: count ?? 1_500_000)
            defer { benchmark.cleanUp() }
            result = try await benchmark.run()
        case "var-mc", "var-incremental", "cov-update":
            let benchmark = try AnalyticsBenchmark()
            defer { benchmark.cleanUp() }
            switch name {
            case "var-mc": result = try benchmark.monteCarlo(scenarios: count ?? 10_000)
            case "var-incremental": result = try benchmark.incremental(updates: count ?? 100_000)
            default: result = try benchmark.covarianceUpdate(updates: count ?? 2_000)
            }
        case "api-quote", "api-quote-p99":
            let measured = try await APIQuoteBenchmark().run()
            result = name == "api-quote" ? measured.throughput : measured.p99
        case "e2e-embedded":
            result = try await E2EEmbeddedBenchmark(seconds: count ?? 60).run()
        case "tick-to-api":
            result = try await TickToAPIBenchmark(probes: count ?? 1_000).run()
        case "api-order":
            result = try await APIOrderBenchmark(seconds: 10, clients: 16, investors: 64).run()
        default:
            result = try await InProcessTransportBenchmark.run(events: count ?? 5_000_000)
        }
        print(result.line)
    }
}
