import ArgumentParser

/// `tickflow bench NAME`: one benchmark, ours against its peer in the same run; the last line is the result.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark against its peer (see `make bench`).")

    static let names = ["kafka-produce", "kafka-consume", "inproc-transport", "api-order"]

    @Argument(help: "One of: kafka-produce, kafka-consume, inproc-transport, api-order.") var name: String
    @Option(help: "Messages or events to move (default: 1,000,000 for Kafka, 5,000,000 in-process).") var count: Int?

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
        case "api-order":
            result = try await APIOrderBenchmark(seconds: 10, clients: 16, investors: 16).run()
        default:
            result = try await InProcessTransportBenchmark.run(events: count ?? 5_000_000)
        }
        print(result.line)
    }
}
