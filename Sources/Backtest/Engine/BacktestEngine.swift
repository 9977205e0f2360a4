import Analytics
import Foundation
import Model
import Stream
import Warehouse

/// Replays warehouse history through the same operators as a live run and trades a ``Strategy`` on what comes
/// out.
///
/// Raw trades, quotes and FX rates of `[from, to)` are merged in event-time order (``HistoryReplay``) and run
/// through a ``Stream/TickProcessor`` (validate → enrich → aggregate, bars of the run's interval); its bars and tops of
/// book go, in emission order, to the strategy, to the ``FillSimulator`` and to an ``Analytics/AnalyticsPipeline``
/// (per-instrument and portfolio risk, with the strategy's positions published as the holdings of the run's
/// portfolio), whose risk metrics go to the strategy too. Nothing reads the wall clock: the same warehouse and
/// configuration give the same ``BacktestResult``.
public struct BacktestEngine: Sendable {
    /// The warehouse read.
    public let store: WarehouseStore
    /// The reference data the stream stage enriches with.
    public let master: InstrumentMaster

    /// Creates an engine.
    public init(store: WarehouseStore, master: InstrumentMaster) {
        self.store = store
        self.master = master
    }

    /// The instrument id of a symbol or id in the instrument master, `nil` when it has neither.
    public func resolve(_ name: String) -> String? {
        master.instrument(symbol: name)?.id ?? master.instrument(id: name)?.id
    }

    /// Runs a backtest.
    ///
    /// - Parameters:
    ///   - configuration: the period, instruments and settings (checked first).
    ///   - strategy: the strategy, prepared by the engine.
    ///   - progress: called with the fraction of the period replayed, each time it grows by at least 1 %.
    ///   - observe: called with every bar, top of book and risk metric in the order the strategy sees them.
    /// - Throws: ``BacktestError`` for an invalid configuration, a strategy refusing the run, a warehouse or
    ///   operator failure.
    public func run(
        _ configuration: BacktestConfiguration, strategy: any Strategy, progress: ((Double) -> Void)? = nil,
        observe: ((StrategyEvent) -> Void)? = nil
    ) async throws -> BacktestResult {
        try configuration.validate()
        let store = self.store, interval = configuration.interval
        let setup = StrategySetup(
            configuration: configuration,
            historicalBars: { id, from, to in try Self.bars(store: store, interval: interval, instrumentId: id, from: from, to: to) },
            resolveInstrument: { [master] name in master.instrument(symbol: name)?.id ?? master.instrument(id: name)?.id })
        var tickConfiguration = configuration.tickProcessor
        tickConfiguration.intervals = [configuration.interval]
        // Strategies and analytics see bars and tops of book only.
        tickConfiguration.emitsEnrichedTicks = false
        var run = try BacktestRun(
            configuration: configuration, strategy: strategy, setup: setup,
            processor: TickProcessor(configuration: tickConfiguration, instruments: master), observe: observe)
        let history = HistoryReplay(
            store: store, fromNanos: configuration.fromNanos, toNanos: configuration.toNanos, instrumentIds: configuration.instrumentIds)
        let span = Double(configuration.toNanos - configuration.fromNanos)
        var reported = 0.0
        do {
            let size = configuration.batchSize
            // The next batch is merged (and the warehouse read ahead) on another core while this one is processed.
            var next = Task { try await history.next(maxRecords: size) }
            defer { next.cancel() }
            while let batch = try await next.value {
                next = Task { try await history.next(maxRecords: size) }
                try run.process(batch)
                if let progress, let last = batch.last {
                    let fraction = Double(last.eventTimeNanos - configuration.fromNanos) / span
                    if fraction >= reported + 0.01 {
                        reported = fraction
                        progress(min(fraction, 1))
                    }
                }
            }
        } catch let error as BacktestError {
            throw error
        } catch {
            throw BacktestError(.warehouse, context: "backtest replay", "reading history failed: \(error)", underlying: error)
        }
        let result = try run.finish()
        progress?(1)
        return result
    }

    /// Bars of one instrument and interval over `[from, to)`, the latest revision of each window, in window order.
    static func bars(store: WarehouseStore, interval: BarInterval, instrumentId: String, from: Int64, to: Int64) throws -> [Bar] {
        var latest: [Int64: Bar] = [:]
        let request = ScanRequest(table: Tables.bars(interval), fromNanos: from, toNanos: to, instrumentIds: [instrumentId])
        do {
            _ = try TableScanner(store: store).scan(request) { batch in
                for bar in try RowDecoding.bars(batch) where bar.interval == interval {
                    if let kept = latest[bar.windowStartNanos], kept.revision > bar.revision { continue }
                    latest[bar.windowStartNanos] = bar
                }
            }
        } catch {
            throw BacktestError(.warehouse, context: "bars_\(interval.rawValue)", "reading history failed: \(error)", underlying: error)
        }
        return latest.keys.sorted().map { latest[$0]! }
    }
}
