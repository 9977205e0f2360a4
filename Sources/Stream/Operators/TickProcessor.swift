import Metrics
import Model

/// Validates, FX-enriches and aggregates ticks in event time: the `stream` stage of TickFlow.
///
/// Reads ``TickInput`` (raw market events and FX rates, or enriched ticks when only aggregating) and emits
/// ``TickOutput``: enriched ticks (`market-data.enriched`), bars (`bars.<interval>`) and top-of-book updates
/// (`market-data.top-of-book`), each keyed by the instrument id bytes. Refused ticks become rejections with an
/// UPPER_SNAKE reason code (`dlq.stream`; `LATE_EVENT` goes to `dlq.late`: such a tick is still published
/// enriched, only its bars refuse it). Flags are counted in `tickflow_stream_flags_total{flag}` by the flag's
/// reason (`CROSSED_QUOTE`, `LOCKED_QUOTE`, `OUT_OF_ORDER`, `PRICE_SPIKE`, `STALE_FEED` once per episode,
/// `STALE_RESUMED`, `GAP_FILLED`, `FX_INTERPOLATED`). See ``TickValidator``,
/// ``TickEnricher``, ``BarAggregator`` and ``TopOfBookBuilder`` for each stage's rules.
///
/// State is per instrument plus per source partition (`record.position?.topicPartition`; records without a
/// position share one): the partition's clock is the maximum event time of its ticks that passed validation, and
/// drives stale-feed detection, FX hold timeouts and the bar watermark. Output depends only on the per-partition
/// order of the input and on the FX side input; no wall clock is read (output ingest times are the input's).
/// ``snapshotState()`` is a compact binary encoding; restore then replay gives the output of an uninterrupted run.
public struct TickProcessor: Operator {
    public typealias Input = TickInput
    public typealias Output = TickOutput

    /// The counter of flagged values, by flag reason.
    public static let flagCounterLabel = "tickflow_stream_flags_total"

    /// The configuration.
    public let configuration: TickProcessorConfiguration
    private let validates: Bool
    private let enriches: Bool
    private let aggregates: Bool
    var table: InstrumentTable
    var infos: [InstrumentInfo?] = []
    var clocks = PartitionClocks()
    var validator: TickValidator
    var enricher: TickEnricher
    var bars: BarAggregator
    var books = TopOfBookBuilder()
    private let counters: FlagCounters

    /// Creates a processor.
    ///
    /// - Parameters:
    ///   - configuration: stages and thresholds (see ``TickProcessorConfiguration/validate()`` to check it first).
    ///   - instruments: the reference data joined by the enrich stage.
    ///   - metrics: where the flag counters are made; by default the bootstrapped `MetricsSystem`.
    public init(
        configuration: TickProcessorConfiguration, instruments: InstrumentMaster, metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        var configuration = configuration
        configuration.intervals = Array(Set(configuration.intervals)).sorted { $0.nanos < $1.nanos }
        self.configuration = configuration
        validates = configuration.stages.contains(.validate)
        enriches = configuration.stages.contains(.enrich)
        aggregates = configuration.stages.contains(.aggregate)
        table = InstrumentTable(master: enriches ? instruments : nil)
        validator = TickValidator(configuration: configuration.validation)
        enricher = TickEnricher(
            baseCurrency: configuration.baseCurrency, maxWait: configuration.fxMaxWaitNanos, retention: configuration.fxRetentionNanos)
        bars = BarAggregator(configuration: configuration)
        counters = FlagCounters(metrics: metrics)
    }

    /// Processes a batch in order; a bad record is rejected and the rest go on.
    public mutating func process(_ batch: [StreamRecord<TickInput>], into output: inout OperatorOutput<TickOutput>) throws {
        let first = output.records.count
        // Through the buffer: iterating the array, or subscripting it, copies every record before it is read.
        try batch.withUnsafeBufferPointer { records in
            for index in records.indices { try process(records.baseAddress! + index, into: &output) }
        }
        counters.count(output.records, from: first)
    }

    private mutating func process(_ record: UnsafePointer<StreamRecord<TickInput>>, into output: inout OperatorOutput<TickOutput>) throws {
        // The stage set is tested before the record is matched: a guard on a case makes the match copy the whole
        // record's value, in case it falls through to the next.
        if enriches {
            switch record.pointee.value {
            case .market(.trade(let trade)):
                processMarket(trade, recordKey: record.pointee.key, position: record.pointee.position, into: &output)
            case .market(.quote(let quote)):
                processMarket(quote, recordKey: record.pointee.key, position: record.pointee.position, into: &output)
            case .fx(let rate):
                enricher.apply(rate)
                for partition in enricher.holdingPartitions { release(partition, finishing: false, into: &output) }
            case .enriched:
                rejectUnexpected(record.pointee, into: &output)
            }
        } else if case .enriched(let tick) = record.pointee.value {
            let key = record.pointee.key ?? Array(tick.instrumentId.utf8)
            let position = record.pointee.position
            let partition = clocks.index(of: position?.topicPartition)
            advance(partition, to: tick.eventTimeNanos, position: position, into: &output)
            switch tick.event {
            case .trade(let trade):
                aggregate(trade, notionalBase: tick.notionalBase, instrument: intern(key, trade), partition: partition, key: key, position: position, into: &output)
            case .quote(let quote):
                aggregate(quote, notionalBase: 0, instrument: intern(key, quote), partition: partition, key: key, position: position, into: &output)
            }
        } else {
            rejectUnexpected(record.pointee, into: &output)
        }
    }

    private func rejectUnexpected(_ record: StreamRecord<TickInput>, into output: inout OperatorOutput<TickOutput>) {
        output.reject(
            record, reasonCode: "UNEXPECTED_INPUT",
            reason: "stages \(configuration.stages) do not read \(record.value.kind) records (from \(record.position?.description ?? "no position"))")
    }

    /// End of input: releases every held tick (with the latest rate, interpolated) and emits every open window.
    public mutating func finish(into output: inout OperatorOutput<TickOutput>) throws {
        let first = output.records.count
        if enriches {
            for partition in enricher.holdingPartitions { release(partition, finishing: true, into: &output) }
        }
        if aggregates {
            for partition in bars.pendingPartitions {
                bars.advance(partition: partition, watermark: .max, infos: infos, position: nil, into: &output)
            }
        }
        counters.count(output.records, from: first)
    }

    private mutating func intern(_ key: [UInt8], _ tick: some MarketTick) -> Int {
        let (instrument, isNew) = table.intern(key)
        if isNew { infos.append(InstrumentInfo(instrumentId: tick.instrumentId, symbol: tick.symbol, currency: tick.currency, key: key)) }
        return instrument
    }

    /// One trade or quote; takes the record's key and position rather than the record, so the batch's record is
    /// not copied. The tick moves on into its enriched tick.
    private mutating func processMarket<Tick: MarketTick>(
        _ tick: consuming Tick, recordKey: [UInt8]?, position: SourcePosition?, into output: inout OperatorOutput<TickOutput>
    ) {
        func reject(_ code: String, _ reason: String) {
            output.rejections.append(Rejection(key: recordKey, position: position, reasonCode: code, reason: reason))
        }
        let key = recordKey ?? Array(tick.instrumentId.utf8)
        let instrument = intern(key, tick)
        guard table.references[instrument] != nil else {
            reject("UNKNOWN_INSTRUMENT", "instrument \(tick.instrumentId) (\(tick.symbol)) is not in the instrument master")
            return
        }
        let partition = clocks.index(of: position?.topicPartition)
        var flags: TickFlags = [], score: Double?
        if validates {
            switch validator.check(tick, instrument: instrument, partition: partition) {
            case .reject(let code, let reason):
                reject(code, reason)
                return
            case .accept(let found, let spikeScore): (flags, score) = (found, spikeScore)
            }
        }
        advance(partition, to: tick.eventTimeNanos, position: position, into: &output)
        switch enricher.enrich(tick, instrument: instrument, flags: flags, spikeScore: score, key: key, position: position, partition: partition) {
        case .convert(let rate, let interpolated):
            emit(
                consume tick, rate: rate, interpolated: interpolated, flags: flags, spikeScore: score, instrument: instrument, partition: partition,
                key: key, position: position, into: &output)
        case .held: break
        case .rejected(let code, let reason): reject(code, reason)
        }
    }

    /// Moves a partition's clock forward: stale scan, due FX holds, bars the watermark passed.
    private mutating func advance(_ partition: Int, to time: Int64, position: SourcePosition?, into output: inout OperatorOutput<TickOutput>) {
        guard time > clocks.times[partition] else { return }
        clocks.times[partition] = time
        if validates {
            let began = validator.detectStale(partition: partition, now: time)
            if began > 0 { counters.stale.increment(by: Int64(began)) }
        }
        if enriches && enricher.isDue(partition: partition, now: time) { release(partition, finishing: false, into: &output) }
        if aggregates {
            bars.advance(partition: partition, watermark: time &- configuration.latenessNanos, infos: infos, position: position, into: &output)
        }
    }

    private mutating func release(_ partition: Int, finishing: Bool, into output: inout OperatorOutput<TickOutput>) {
        let now = partition < clocks.times.count ? clocks.times[partition] : .min
        var released = enricher.release(partition: partition, now: now, finishing: finishing)
        // Popped, each held tick moves out of the array; iterating would copy it, and so would `Array.reverse`
        // (the buffer's swaps move).
        released.withUnsafeMutableBufferPointer { $0.reverse() }
        while let (held, decision) = released.popLast() {
            switch decision {
            case .convert(let rate, let interpolated):
                // Generic, so that each kind is emitted as itself (see `emit`).
                func emitHeld<Tick: MarketTick>(_ tick: consuming Tick) {
                    emit(
                        tick, rate: rate, interpolated: interpolated, flags: held.flags, spikeScore: held.spikeScore, instrument: held.instrument,
                        partition: partition, key: held.key, position: held.position, into: &output)
                }
                switch held.event {
                case .trade(let trade): emitHeld(trade)
                case .quote(let quote): emitHeld(quote)
                }
            case .rejected(let code, let reason):
                output.rejections.append(Rejection(key: held.key, position: held.position, reasonCode: code, reason: reason))
            case .held: break
            }
        }
    }

    /// Emits the tick enriched at `rate` (flag ``TickFlags/fxInterpolated`` when `interpolated`) after what it
    /// aggregates into (bars it revises or closes, a top of book): the tick then moves into its enriched tick
    /// rather than being copied, and no consumer relies on an order across topics.
    private mutating func emit<Tick: MarketTick>(
        _ tick: consuming Tick, rate: Double, interpolated: Bool, flags: TickFlags, spikeScore: Double?, instrument: Int, partition: Int,
        key: [UInt8]?, position: SourcePosition?, into output: inout OperatorOutput<TickOutput>
    ) {
        let notionalBase = tick.tradedNotional * rate
        if aggregates { aggregate(tick, notionalBase: notionalBase, instrument: instrument, partition: partition, key: key, position: position, into: &output) }
        guard configuration.emitsEnrichedTicks else { return }
        // Every tick emitted passed the reference join in processMarket, held ones before they were held.
        let reference = table.references[instrument]!
        let (time, ingest, price) = (tick.eventTimeNanos, tick.ingestTimeNanos, tick.referencePrice * rate)
        let enriched = EnrichedTick(
            event: tick.intoEvent(), baseCurrency: enricher.baseCurrency, fxRate: rate, fxInterpolated: interpolated, priceBase: price,
            notionalBase: notionalBase, assetClass: reference.assetClass, sector: reference.sector, region: reference.region, ingestTimeNanos: ingest)
        output.emit(
            StreamRecord(
                key: key, value: TickOutput(.enriched(enriched), flags: interpolated ? flags.union(.fxInterpolated) : flags, spikeScore: spikeScore),
                eventTimeNanos: time, position: position))
    }

    /// Adds a trade to its bars or a quote to its top of book, unless it is past the allowed lateness.
    private mutating func aggregate<Tick: MarketTick>(
        _ tick: Tick, notionalBase: Double, instrument: Int, partition: Int, key: [UInt8]?, position: SourcePosition?,
        into output: inout OperatorOutput<TickOutput>
    ) {
        let clock = clocks.times[partition]
        let watermark = clock == .min ? .min : clock &- configuration.latenessNanos
        if bars.isTooLate(tick.eventTimeNanos, watermark: watermark) {
            output.rejections.append(
                Rejection(
                    key: key, position: position, reasonCode: "LATE_EVENT",
                    reason: "\(tick.symbol) at \(Timestamp.iso8601(tick.eventTimeNanos)) is more than the allowed lateness behind the watermark \(Timestamp.iso8601(watermark))",
                    deadLetterTopic: Self.lateTopic))
            return
        }
        // Specialized for each kind, the casts fold away.
        if let trade = tick as? Trade {
            guard infos[instrument] != nil else { return }
            bars.add(
                trade, notionalBase: notionalBase, instrument: instrument, infos: infos, partition: partition, watermark: watermark,
                position: position, into: &output)
        } else if let quote = tick as? Quote, let book = books.apply(quote, instrument: instrument) {
            output.emit(StreamRecord(key: key, value: TickOutput(.topOfBook(book)), eventTimeNanos: book.eventTimeNanos, position: position))
        }
    }

    /// Where events past the allowed lateness go.
    public static let lateTopic = "dlq.late"
}

extension TickInput {
    /// `market event`, `FX rate` or `enriched tick`, for messages.
    var kind: String {
        switch self {
        case .market: "market event"
        case .fx: "FX rate"
        case .enriched: "enriched tick"
        }
    }
}

/// The flag counters, made once per processor.
final class FlagCounters: Sendable {
    let byFlag: [(flag: TickFlags, counter: Counter)]
    let stale: Counter

    init(metrics: any MetricsFactory) {
        byFlag = TickFlags.named.map { entry in
            (entry.flag, Counter(label: TickProcessor.flagCounterLabel, dimensions: [("flag", entry.reason)], factory: metrics))
        }
        stale = Counter(label: TickProcessor.flagCounterLabel, dimensions: [("flag", "STALE_FEED")], factory: metrics)
    }

    /// Counts the flags of `records[first...]`; reads each record's flags in place rather than copying records.
    func count(_ records: [StreamRecord<TickOutput>], from first: Int) {
        for index in first..<records.count {
            let flags = records[index].value.flags
            if flags.isEmpty { continue }
            for entry in byFlag where flags.contains(entry.flag) { entry.counter.increment() }
        }
    }
}
