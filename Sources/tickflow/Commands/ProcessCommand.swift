import ArgumentParser
import Logging
import Model
import ServiceLifecycle
import Stream

/// `tickflow process`: validates, FX-enriches and aggregates ticks from Kafka, exactly once.
///
/// Run several with the same `--group` (and distinct `--instance-id`s): the input partitions are shared out, and
/// a partition's state (in the compacted `--state-topic`) moves with it on rebalance. SIGTERM/SIGINT snapshot every
/// partition and flush before exiting; after a crash, a restart resumes from the snapshots without duplicating or
/// losing output.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process", abstract: "Validate, FX-enrich and aggregate ticks on Kafka, exactly once (run N with one --group).")

    @Option(help: "Kafka bootstrap servers (host:port,…).") var brokers: String
    @Option(help: "Consumer group; processors in one group share the input partitions.") var group = "stream"
    @Option(help: "Stages, comma-separated: validate, enrich, aggregate.") var stages = "validate,enrich,aggregate"
    @Option(help: "Instrument master CSV.") var instruments = InstrumentMaster.defaultPath
    @Option(help: "Base currency of enriched prices and notionals.") var baseCurrency = "USD"
    @Option(help: "This instance's id: stable across its restarts, distinct between instances (names its transactional producer).")
    var instanceId = "0"
    @Option(help: "Compacted topic holding each partition's state (created if the cluster allows).") var stateTopic = "tickflow.stream-state"
    @Option(help: "Keep partition state in this directory instead (a single processor on one disk).") var stateDirectory: String?
    @Option(help: "Most records per batch (one transaction each); batches are this large only while the input is backlogged.")
    var maxBatch = 50_000
    @Flag(help: "Produce without transactions (exactly-once then rests on replay suppression alone).") var noTransactions = false
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        let logger = Logger(label: "tickflow.process")
        let metricsServices = metrics.services(logger: logger)
        let stageSet = try StageSet(parsing: stages)
        var operatorConfiguration = TickProcessorConfiguration(stages: stageSet)
        operatorConfiguration.baseCurrency = baseCurrency
        try operatorConfiguration.validate()
        let master = try InstrumentMaster.load(csvAt: instruments)

        let inputs = stageSet.inputTopics
        let candidates = [TickInput.enrichedTopic, TickOutput.topOfBookTopic, "dlq.stream", TickProcessor.lateTopic]
            + operatorConfiguration.intervals.map { "bars.\($0.rawValue)" }
        var configuration = PartitionedProcessorConfiguration(
            bootstrapServers: brokers, group: group, inputTopics: inputs, outputTopics: candidates.filter { !inputs.contains($0) })
        configuration.instanceID = instanceId
        configuration.transactional = !noTransactions
        configuration.maxBatchRecords = maxBatch

        let store = try await PartitionStateStores.open(brokers: brokers, topic: stateTopic, directory: stateDirectory)
        let operators = operatorConfiguration
        let processor = PartitionedProcessor(configuration: configuration, store: store, logger: logger) { _ in
            TickProcessor(configuration: operators, instruments: master)
        }
        print("process: \(stageSet) \(inputs.joined(separator: ",")) → \(configuration.outputTopics.joined(separator: ",")) (group \(group), instance \(instanceId))")
        let serviceGroup = ServiceGroup(configuration: .init(
            services: metricsServices + [.init(service: processor)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
        await store.close()
        print("process: stopped after \(await processor.processedRecords) records")
    }
}
