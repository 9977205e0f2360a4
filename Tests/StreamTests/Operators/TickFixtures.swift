import Model
import Stream
import TickFlowTestSupport

/// Realistic ticks for the operator tests: instruments from config/instruments.csv, times around a US session.
enum TickFixtures {
    static let master: InstrumentMaster = {
        do { return try InstrumentMaster.load(csvAt: Repository.path("config/instruments.csv"), loadedAt: 1) } catch {
            fatalError("config/instruments.csv: \(error)")
        }
    }()

    /// 2026-11-20T14:30:00Z.
    static let t0: Int64 = 1_795_185_000 * Timestamp.nanosPerSecond
    static let second = Timestamp.nanosPerSecond
    static let millisecond = Timestamp.nanosPerMillisecond

    static func instrument(_ symbol: String) -> Instrument {
        guard let instrument = master.instrument(symbol: symbol) else { fatalError("no \(symbol) in instruments.csv") }
        return instrument
    }

    static func trade(
        _ symbol: String, _ price: Double, _ quantity: Double, at time: Int64, id: String = "", sequence: UInt64 = 0, ingest: Int64? = nil
    ) -> MarketEvent {
        let instrument = instrument(symbol)
        return .trade(
            Trade(
                instrumentId: instrument.id, symbol: symbol, venue: instrument.venue, price: price, quantity: quantity,
                currency: instrument.currency, aggressorSide: .buy, tradeId: id, sequence: sequence, eventTimeNanos: time,
                ingestTimeNanos: ingest ?? time + 150_000))
    }

    static func quote(
        _ symbol: String, bid: Double, ask: Double, venue: String = "XNAS", at time: Int64, sequence: UInt64 = 0, bidSize: Double = 100,
        askSize: Double = 200
    ) -> MarketEvent {
        let instrument = instrument(symbol)
        return .quote(
            Quote(
                instrumentId: instrument.id, symbol: symbol, venue: venue, bidPrice: bid, bidSize: bidSize, askPrice: ask, askSize: askSize,
                currency: instrument.currency, sequence: sequence, eventTimeNanos: time, ingestTimeNanos: time + 120_000))
    }

    static func fx(_ base: String, _ quote: String, _ rate: Double, at time: Int64) -> FXRate {
        FXRate(baseCurrency: base, quoteCurrency: quote, rate: rate, source: "ECB", eventTimeNanos: time, ingestTimeNanos: time + 1_000)
    }

    static let partition = TopicPartition(topic: "market-data.equities.us", partition: 0)

    /// Records at consecutive offsets of one partition.
    static func records(_ inputs: [TickInput], partition: TopicPartition = partition, firstOffset: Int64 = 0) -> [StreamRecord<TickInput>] {
        inputs.enumerated().map { index, input in
            let key: [UInt8]? =
                switch input {
                case .market(let event): Array(event.instrumentId.utf8)
                case .enriched(let tick): Array(tick.instrumentId.utf8)
                case .fx(let rate): Array(rate.pair.utf8)
                }
            return StreamRecord(
                key: key, value: input, eventTimeNanos: input.eventTimeNanos,
                position: SourcePosition(partition, offset: firstOffset + Int64(index)))
        }
    }

    static func processor(_ stages: String = "validate,enrich,aggregate", _ configure: (inout TickProcessorConfiguration) -> Void = { _ in })
        throws -> TickProcessor
    {
        var configuration = TickProcessorConfiguration(stages: try StageSet(parsing: stages))
        configure(&configuration)
        try configuration.validate()
        return TickProcessor(configuration: configuration, instruments: master, metrics: TestMetrics())
    }

    /// Runs the inputs through `processor` in one batch, then `finish` if asked.
    static func run(_ processor: inout TickProcessor, _ inputs: [TickInput], finish: Bool = true) throws -> OperatorOutput<TickOutput> {
        var output = OperatorOutput<TickOutput>()
        try processor.process(records(inputs), into: &output)
        if finish { try processor.finish(into: &output) }
        return output
    }
}

extension OperatorOutput<TickOutput> {
    var enriched: [EnrichedTick] {
        records.compactMap { if case .enriched(let tick) = $0.value.value { tick } else { nil } }
    }

    func bars(_ interval: BarInterval) -> [Bar] {
        records.compactMap { if case .bar(let bar) = $0.value.value, bar.interval == interval { bar } else { nil } }
    }

    func barOutputs(_ interval: BarInterval) -> [TickOutput] {
        records.map(\.value).filter { if case .bar(let bar) = $0.value { bar.interval == interval } else { false } }
    }

    var books: [TopOfBook] {
        records.compactMap { if case .topOfBook(let book) = $0.value.value { book } else { nil } }
    }
}
