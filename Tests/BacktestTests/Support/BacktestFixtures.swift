import Backtest
import Foundation
import Model
import TickFlowTestSupport
import Warehouse

/// Hand-built history for backtests: trades, quotes and FX rates of real instruments of `config/instruments.csv`
/// written to a fresh warehouse.
enum BacktestFixtures {
    static let master: InstrumentMaster = {
        do { return try InstrumentMaster.load(csvAt: Repository.path("config/instruments.csv"), loadedAt: 1) } catch {
            fatalError("config/instruments.csv: \(error)")
        }
    }()

    /// 2026-11-26T14:30:00Z.
    static let t0: Int64 = 1_795_703_400 * Timestamp.nanosPerSecond
    static let second = Timestamp.nanosPerSecond
    static let minute = Timestamp.nanosPerMinute

    static func instrument(_ symbol: String) -> Instrument {
        guard let instrument = master.instrument(symbol: symbol) else { fatalError("no \(symbol) in the instrument master") }
        return instrument
    }

    static func trade(_ symbol: String, _ price: Double, _ quantity: Double = 100, at time: Int64, sequence: UInt64) -> Trade {
        let instrument = instrument(symbol)
        return Trade(
            instrumentId: instrument.id, symbol: symbol, venue: instrument.venue, price: price, quantity: quantity, currency: instrument.currency,
            aggressorSide: .buy, tradeId: "\(symbol)-\(sequence)", sequence: sequence, eventTimeNanos: time, ingestTimeNanos: time + 1_000)
    }

    static func quote(_ symbol: String, bid: Double, ask: Double, at time: Int64, sequence: UInt64) -> Quote {
        let instrument = instrument(symbol)
        return Quote(
            instrumentId: instrument.id, symbol: symbol, venue: instrument.venue, bidPrice: bid, bidSize: 500, askPrice: ask, askSize: 400,
            currency: instrument.currency, sequence: sequence, eventTimeNanos: time, ingestTimeNanos: time + 1_000)
    }

    static func fx(_ base: String, _ quote: String, _ rate: Double, at time: Int64) -> FXRate {
        FXRate(baseCurrency: base, quoteCurrency: quote, rate: rate, source: "EBS", eventTimeNanos: time, ingestTimeNanos: time + 1_000)
    }

    /// One trade of `symbol` 30 s into each minute from `t0`, at these prices: bar `i` has open = close = `prices[i]`.
    static func minuteTrades(_ symbol: String, _ prices: [Double]) -> [Trade] {
        prices.enumerated().map { index, price in trade(symbol, price, at: t0 + Int64(index) * minute + 30 * second, sequence: UInt64(index + 1)) }
    }

    /// A fresh warehouse in a temporary directory (removed by `cleanUp`).
    static func warehouse() throws -> (store: WarehouseStore, cleanUp: @Sendable () -> Void) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tickflow-backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try WarehouseStore(root: directory.path), { try? FileManager.default.removeItem(at: directory) })
    }

    static func write(_ store: WarehouseStore, trades: [Trade] = [], quotes: [Quote] = [], rates: [FXRate] = []) throws {
        if !trades.isEmpty { _ = try store.append(try Tables.tradeRows.encode(trades), to: Tables.trades) }
        if !quotes.isEmpty { _ = try store.append(try Tables.quoteRows.encode(quotes), to: Tables.quotes) }
        if !rates.isEmpty { _ = try store.append(try Tables.fxRateRows.encode(rates), to: Tables.fxRates) }
    }

    /// A configuration over `minutes` minutes from `t0`.
    static func configuration(minutes: Int, strategy: String, _ parameters: [String] = []) -> BacktestConfiguration {
        var configuration = BacktestConfiguration(fromNanos: t0, toNanos: t0 + Int64(minutes) * minute)
        configuration.strategyName = strategy
        configuration.parameters = parameters
        return configuration
    }

    /// Runs a catalog strategy over the store.
    static func run(
        _ store: WarehouseStore, minutes: Int, strategy: String, _ parameters: [String] = [],
        configure: (inout BacktestConfiguration) -> Void = { _ in }
    ) async throws -> BacktestResult {
        var configuration = configuration(minutes: minutes, strategy: strategy, parameters)
        configure(&configuration)
        return try await BacktestEngine(store: store, master: master).run(
            configuration, strategy: try StrategyCatalog.make(strategy, parameters: parameters))
    }

    /// `side quantity @ price (source, minute offset of the fill time from t0 in seconds)` per fill, for readable expectations.
    static func describe(_ fills: [SimulatedFill]) -> [String] {
        fills.map { "\($0.side.rawValue) \($0.quantity) @ \($0.price) \($0.source.rawValue) +\(($0.eventTimeNanos - t0) / second)s" }
    }
}
