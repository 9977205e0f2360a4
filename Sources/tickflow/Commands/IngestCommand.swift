import ArgumentParser
import Connectors
import Foundation
import Model
import Stream

/// `tickflow ingest`: runs one feed into the raw topics (or only parses it, with `--dry-run`).
///
/// With `--brokers` events go to Kafka; without, to an in-process transport inside this process (a smoke run:
/// everything is parsed, normalised, encoded and published, then the process ends). `--dry-run` publishes nothing
/// and prints the summary a team reads when onboarding a feed file.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Ingest a feed (simulator, CSV/JSONL replay, FIX, news, client flows) into the raw topics.")

    @Option(help: "sim, csv, jsonl, fix, news or flows.") var source: String
    @Option(help: "Input file (plain or gzip).") var file: String?
    @Option(help: "Column mapping JSON for csv/jsonl (see samples/*.mapping.json).") var mapping: String?
    @Option(help: "Instrument master CSV.") var instruments = InstrumentMaster.defaultPath
    @Option(help: "Sentiment lexicon for news.") var lexicon = SentimentScorer.defaultPath
    @Option(help: "Kafka bootstrap servers; without, an in-process transport.") var brokers: String?
    @Flag(help: "Parse and normalise only; print events by type and topic and rejects by reason.") var dryRun = false
    @Option(help: "Simulator seed.") var seed: UInt64 = 42
    @Option(help: "Items per second (default: as fast as possible).") var rate: Double?
    @Option(help: "Replay at N times the recorded pace (files).") var speed: Double?
    @Option(help: "Stop after this many seconds.") var duration: Double?
    @Option(help: "Stop after this many items (the simulator: 100,000 unless --count or --duration).") var count: Int?
    @Option(help: "FIX over TCP: connect to host:port and log on.") var fixConnect: String?
    @Option(help: "FIX over TCP: listen on this port for one counterparty.") var fixListen: UInt16?
    @Flag(help: "Do not publish the instrument master to reference.instruments first.") var noReference = false
    @Option(help: "Simulator: event time of its first step, YYYY-MM-DD, ISO 8601 or ns (default: now with --rate, its clock then keeping to the wall clock; a day ago without, so that a fast run stays in the past).")
    var start: String?

    func validate() throws {
        guard FeedKind(rawValue: source) != nil else {
            throw ValidationError("unknown --source \(source); one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if rate != nil, speed != nil { throw ValidationError("--rate and --speed exclude each other") }
    }

    func run() async throws {
        let master = try InstrumentMaster.load(csvAt: instruments)
        let scorer = try SentimentScorer.load(path: lexicon)
        var settings = FeedSettings(kind: FeedKind(rawValue: source)!, file: file)
        if let mapping { settings.mapping = try ColumnMapping.load(path: mapping) }
        settings.simulator = try await simulatorConfiguration(master: master)
        settings.fixConnect = fixConnect
        settings.fixListen = fixListen
        var feed = try settings.open(master: master, scorer: scorer)
        var options = Ingestor.Options(count: count ?? (settings.kind == .sim && duration == nil ? 100_000 : nil))
        if let rate { options.pacing = .itemsPerSecond(rate) }
        if let speed {
            options.pacing = .recordedPace(factor: speed)
            options.batchSize = 64  // pacing is per batch: small batches follow the recorded pace closely
        }
        if let duration { options.duration = .milliseconds(Int64(duration * 1000)) }

        var producer: (any RecordProducer)?
        var kafka: KafkaProducer?
        if !dryRun {
            if let brokers {
                var configuration = KafkaProducerConfiguration(bootstrapServers: brokers)
                configuration.lingerMillis = 1
                kafka = try KafkaProducer(configuration: configuration)
                producer = kafka
            } else {
                producer = try InProcessTransport().makeProducer()
            }
        }
        var sink = IngestSink(producer: producer)
        if producer != nil, !noReference {
            try await sink.write(master.instruments.map { .event(.instrument($0)) })
        }
        let started = ContinuousClock.now
        let summary = try await Ingestor.run(&feed, into: &sink, options: options)
        let seconds = (ContinuousClock.now - started).seconds
        try await kafka?.close()
        let target = dryRun ? "dry run, nothing published" : brokers.map { "published to Kafka \($0)" } ?? "published in-process"
        print("\(feed.name): \(target), \(String(format: "%.2f", seconds)) s")
        print(summary)
    }
}

extension IngestCommand {
    /// The simulator's settings: its clock starts at `--start`, now when paced (each step then lasting what
    /// `--rate` takes to publish its events, so event times are real times), else a day ago: the stream's validator
    /// refuses event times more than a few seconds after their ingest time, and more than a week before it.
    func simulatorConfiguration(master: InstrumentMaster) async throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: seed)
        configuration.initialPrices = SimulatorFeed.referencePrices()
        let now = WallClock.nowNanos()
        if let start {
            configuration.start = try Int64(start) ?? QueryCommand.parseTime(start)
        } else {
            configuration.start = rate == nil ? now - Timestamp.nanosPerDay : now
        }
        if let rate, source == FeedKind.sim.rawValue {
            configuration.overnightGaps = false  // no overnight jump ahead of the wall clock
            let perStep = try await SimulatorFeed.eventsPerStep(master: master, configuration: configuration, excluded: [])
            // 2 % short of the estimate: a simulated clock running behind the wall clock stays valid, one running ahead
            // would soon be refused as future-dated.
            configuration.stepNanos = max(1_000_000, Int64(0.98 * perStep * 1e9 / max(1, rate)))
        }
        return configuration
    }
}
