import Analytics
import ArgumentParser
import Logging
import Model
import ServiceLifecycle
import Stream
import Warehouse

/// `tickflow analytics run|fit-garch|stress`: the analytics stages on Kafka, GARCH fitting and historical stress
/// scenarios on warehouse history.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics", abstract: "Volatility, VaR/ES and anomaly stages; GARCH fitting and stress scenarios.",
        subcommands: [AnalyticsRunCommand.self, AnalyticsFitGARCHCommand.self, AnalyticsStressCommand.self])
}

/// `tickflow analytics run`: the per-instrument and the portfolio stage on Kafka, exactly once.
///
/// Two ``PartitionedProcessor``s: the per-instrument stage (group `G`) over `bars.<interval>` and
/// `market-data.top-of-book` co-partitioned — one task per partition number, so that the operator scoring an
/// instrument's bars also sees its books (spread and crossed components of the anomaly score); the two topics must
/// have the same partition count — writing `analytics.risk`, `analytics.anomalies` and forwarding accepted bars to
/// the one-partition `analytics.universe-bars`; the portfolio stage (group `G.portfolio`) over that partition, with
/// `portfolios.holdings` as a broadcast side input. Both checkpoint their state like `tickflow process`.
struct AnalyticsRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the analytics stages on Kafka, exactly once.")

    @Option(help: "Kafka bootstrap servers (host:port,…).") var brokers: String
    @Option(help: "Consumer group of the per-instrument stage; the portfolio stage uses <group>.portfolio.") var group = "analytics"
    @Option(help: "Bar interval analysed: 1s, 1m, 5m, 1h, 1d.") var interval = "1m"
    @Option(help: "Portfolios to seed (JSON; see PortfolioFile).") var portfolios: String?
    @Option(help: "GARCH(1,1) parameters from `analytics fit-garch` (JSON).") var garch: String?
    @Option(help: "Instrument master CSV: holdings naming other instruments are dead-lettered.") var instruments: String?
    @Option(help: "Base currency of the bars and of portfolio risk.") var baseCurrency = "USD"
    @Option(help: "Scheduled Monte Carlo every this many minutes of bar time (0: on demand only).") var monteCarloMinutes = 15
    @Option(help: "This instance's id (stable across restarts, distinct between instances).") var instanceId = "0"
    @Option(help: "Compacted topic holding each partition's state.") var stateTopic = "tickflow.analytics-state"
    @Option(help: "Keep partition state in this directory instead (a single process on one disk).") var stateDirectory: String?
    // Above the tick processor's allowed lateness (2 s by default): a bar is published that long after its window
    // ends, and the books after its window end must still be held when it arrives for replays to score it alike.
    @Option(help: "How long a bar or book waits for the other topic of its partition before it is processed anyway (ms); keep it above the bars' publication delay.")
    var alignMillis = 5_000
    @Flag(help: "Produce without transactions.") var noTransactions = false
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = Logger(label: "tickflow.analytics")
        let metricsServices = metrics.services(logger: logger)
        guard let barInterval = BarInterval(rawValue: interval) else { throw ValidationError("unknown interval \(interval)") }
        var settings = AnalyticsConfiguration(interval: barInterval)
        settings.baseCurrency = baseCurrency
        settings.monteCarloEveryNanos = monteCarloMinutes > 0 ? Int64(monteCarloMinutes) * Timestamp.nanosPerMinute : nil
        if let garch { settings.garch = try GARCHParameterFile.load(path: garch) }
        if let instruments { settings.knownInstruments = Set(try InstrumentMaster.load(csvAt: instruments).instruments.map(\.id)) }
        let seeded = try portfolios.map(PortfolioFile.load) ?? []
        var perInstrument = settings
        perInstrument.forwardToUniverse = true
        let instrumentStage = try InstrumentAnalyticsStage(configuration: perInstrument)
        let portfolioStage = try PortfolioRiskStage(configuration: settings, portfolios: seeded)

        let store = try await PartitionStateStores.open(brokers: brokers, topic: stateTopic, directory: stateDirectory)
        let outputs = [AnalyticsOutput.riskTopic, AnalyticsOutput.anomaliesTopic]
        func configuration(group: String, role: String, inputs: [String], outputs: [String]) -> PartitionedProcessorConfiguration {
            var configuration = PartitionedProcessorConfiguration(bootstrapServers: brokers, group: group, inputTopics: inputs, outputTopics: outputs)
            configuration.stage = "analytics"
            configuration.instanceID = "\(instanceId)-\(role)"
            configuration.transactional = !noTransactions
            return configuration
        }
        var first = configuration(
            group: group, role: "instruments", inputs: [barInterval.topic, AnalyticsInput.topOfBookTopic],
            outputs: outputs + [AnalyticsInput.universeTopic])
        first.coPartitioned = true
        first.coPartitionMaxIdle = .milliseconds(max(0, alignMillis))
        let second = configuration(
            group: "\(group).portfolio", role: "portfolios", inputs: [AnalyticsInput.universeTopic, AnalyticsInput.holdingsTopic],
            outputs: [AnalyticsOutput.riskTopic])
        let instrumentProcessor = PartitionedProcessor(configuration: first, store: store, logger: logger) { _ in instrumentStage }
        let portfolioProcessor = PartitionedProcessor(configuration: second, store: store, logger: logger) { _ in portfolioStage }
        print("analytics: \(barInterval.topic)+\(AnalyticsInput.topOfBookTopic) → \(outputs.joined(separator: ",")) via \(AnalyticsInput.universeTopic) (groups \(group), \(group).portfolio; \(seeded.count) seeded portfolios)")
        let serviceGroup = ServiceGroup(configuration: .init(
            services: metricsServices + [.init(service: instrumentProcessor), .init(service: portfolioProcessor)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
        await store.close()
        print("analytics: stopped after \(await instrumentProcessor.processedRecords) bars and books, \(await portfolioProcessor.processedRecords) universe records")
    }
}

/// `tickflow analytics fit-garch`: GARCH(1,1) by maximum likelihood on warehouse bars, per instrument.
struct AnalyticsFitGARCHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-garch", abstract: "Fit GARCH(1,1) per instrument on warehouse bars; write the parameters `run --garch` reads.")

    @OptionGroup var options: WarehouseOptions
    @Option(name: .customLong("instrument"), help: "Instrument id to fit (repeatable; default: every instrument found).")
    var instrumentIds: [String] = []
    @Option(help: "From this time, inclusive: YYYY-MM-DD or ISO 8601.") var from: String?
    @Option(help: "To this time, exclusive: YYYY-MM-DD or ISO 8601.") var to: String?
    @Option(help: "Bar interval: 1s, 1m, 5m, 1h, 1d.") var interval = "1m"
    @Option(help: "Where to write the parameters (JSON).") var out: String

    func run() async throws {
        guard let barInterval = BarInterval(rawValue: interval) else { throw ValidationError("unknown interval \(interval)") }
        let outcome = try GARCHFitting.fit(
            WarehouseBarHistory(store: try options.open()), interval: barInterval,
            instrumentIds: instrumentIds.isEmpty ? nil : Set(instrumentIds), from: try from.map(QueryCommand.parseTime),
            to: try to.map(QueryCommand.parseTime))
        try outcome.file.write(path: out)
        for (id, entry) in outcome.file.instruments.sorted(by: { $0.key < $1.key }) {
            print("fit-garch: \(id) ω=\(entry.omega) α=\(entry.alpha) β=\(entry.beta) logL=\(entry.logLikelihood) n=\(entry.observations)")
        }
        for (id, reason) in outcome.skipped.sorted(by: { $0.key < $1.key }) { print("fit-garch: skipped \(id): \(reason)") }
        print("fit-garch: wrote \(outcome.file.instruments.count) instruments to \(out)")
        if outcome.file.instruments.isEmpty { throw ExitCode.failure }
    }
}

/// `tickflow analytics stress`: a historical window of warehouse bars replayed onto a portfolio.
struct AnalyticsStressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress", abstract: "Replay the moves of a past window [from, to) of warehouse bars onto positions.")

    @OptionGroup var options: WarehouseOptions
    @Option(help: "Window start, inclusive: YYYY-MM-DD or ISO 8601.") var from: String
    @Option(help: "Window end, exclusive: YYYY-MM-DD or ISO 8601.") var to: String
    @Option(help: "Bar interval: 1s, 1m, 5m, 1h, 1d.") var interval = "1d"
    @Option(name: .customLong("position"), help: "INSTRUMENT_ID=MARKET_VALUE in the base currency (repeatable).")
    var positions: [String]

    func run() async throws {
        guard let barInterval = BarInterval(rawValue: interval) else { throw ValidationError("unknown interval \(interval)") }
        let parsed = try positions.map { text -> HistoricalStressScenario.Position in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
                throw ValidationError("--position \(text): expected INSTRUMENT_ID=MARKET_VALUE")
            }
            return HistoricalStressScenario.Position(instrumentId: parts[0], marketValue: value)
        }
        let scenario = try HistoricalStressScenario(
            name: "\(from)..\(to)", fromNanos: try QueryCommand.parseTime(from), toNanos: try QueryCommand.parseTime(to), interval: barInterval)
        let outcome = try scenario.run(on: parsed, history: WarehouseBarHistory(store: try options.open()))
        for (position, pnl) in zip(parsed, outcome.result.holdingPnL) {
            let move = outcome.returns[position.instrumentId].map { String($0) } ?? "no data"
            print("stress: \(position.instrumentId) value=\(position.marketValue) return=\(move) pnl=\(pnl)")
        }
        print("stress: \(scenario.name) total pnl=\(outcome.result.pnl)")
    }
}
