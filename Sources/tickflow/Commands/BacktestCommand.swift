import ArgumentParser
import Backtest
import Foundation
import Model
import Warehouse

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `tickflow backtest`: replays warehouse history through the stream and analytics operators, trades a strategy on
/// it, prints the summary and writes the results to `backtest_runs`, `backtest_equity` and `backtest_trades`.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Backtest a strategy over warehouse history (same operators as a live run).",
        discussion: """
            Strategies: \(StrategyCatalog.names.joined(separator: ", ")). Examples:
              tickflow backtest --from 2026-11-20T14:30:00Z --to 2026-11-20T21:00:00Z --strategy ma-crossover --param fast=5 --param slow=20
              tickflow backtest --from 2026-11-20 --to 2026-11-21 --strategy vwap --param side=buy --param quantity=10000 --param instrument=AAPL
            """)

    @Option(help: "From this time, inclusive: YYYY-MM-DD, ISO 8601 or ns since the epoch.") var from: String
    @Option(help: "To this time, exclusive: YYYY-MM-DD, ISO 8601 or ns since the epoch.") var to: String
    @Option(help: "The strategy: \(StrategyCatalog.names.joined(separator: ", ")).") var strategy: String
    @Option(name: .customLong("param"), help: "A strategy parameter key=value (repeatable).") var parameters: [String] = []
    @OptionGroup var options: WarehouseOptions
    @Option(help: "Comma-separated symbols or instrument ids (default: every instrument in the warehouse).") var instruments: String?
    @Option(help: "Bar interval: 1s, 1m, 5m, 1h or 1d.") var interval: String = "1m"
    @Option(help: "Cash at the start.") var cash: String = "1000000"
    @Option(help: "The instrument master CSV.") var instrumentMaster: String = InstrumentMaster.defaultPath
    @Flag(help: "Print the summary without writing the results to the warehouse.") var noSave = false

    func validate() throws {
        _ = try Self.parseTime(from, option: "--from")
        _ = try Self.parseTime(to, option: "--to")
        guard BarInterval(rawValue: interval) != nil else {
            throw ValidationError("--interval \(interval) is not one of \(BarInterval.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let value = Decimal(string: cash, locale: Locale(identifier: "en_US_POSIX")), value > 0, cash.allSatisfy({ $0.isNumber || $0 == "." })
        else { throw ValidationError("--cash \(cash) is not a positive amount") }
        guard StrategyCatalog.names.contains(strategy) else {
            throw ValidationError("--strategy \(strategy) is unknown; known: \(StrategyCatalog.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let master = try InstrumentMaster.load(csvAt: instrumentMaster, loadedAt: 1)
        let store = try options.open()
        let engine = BacktestEngine(store: store, master: master)
        var configuration = BacktestConfiguration(
            fromNanos: try Self.parseTime(from, option: "--from"), toNanos: try Self.parseTime(to, option: "--to"),
            interval: BarInterval(rawValue: interval)!)
        configuration.strategyName = strategy
        configuration.parameters = parameters
        configuration.initialCash = Decimal(string: cash, locale: Locale(identifier: "en_US_POSIX"))!
        if let instruments {
            configuration.instrumentIds = try instruments.split(separator: ",").map { name in
                let name = name.trimmingCharacters(in: .whitespaces)
                guard let id = engine.resolve(name) else { throw ValidationError("--instruments: no instrument \(name) in \(instrumentMaster)") }
                return id
            }
        }
        let result: BacktestResult
        do {
            try configuration.validate()
            let strategy = try StrategyCatalog.make(strategy, parameters: parameters)
            let bar = ProgressBar()
            result = try await engine.run(configuration, strategy: strategy, progress: { bar.show($0) })
            bar.end()
        } catch let error as BacktestError where [.invalidConfiguration, .invalidParameter, .unknownStrategy].contains(error.code) {
            throw ValidationError(error.description)
        }
        print(result.summary)
        if !noSave {
            try result.write(to: store)
            print("results written to \(options.warehouse): backtest_runs, backtest_equity, backtest_trades (run_id \(result.runId))")
        }
    }

    /// `YYYY-MM-DD`, ISO 8601 or integer nanoseconds.
    static func parseTime(_ text: String, option: String) throws -> Int64 {
        if !text.isEmpty, text.allSatisfy(\.isNumber), let nanos = Int64(text) { return nanos }
        do { return try QueryCommand.parseTime(text) } catch { throw ValidationError("\(option) \(text) is not YYYY-MM-DD, ISO 8601 or nanoseconds: \(error)") }
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line every 10 % otherwise.
final class ProgressBar: @unchecked Sendable {
    private let terminal = isatty(STDERR_FILENO) != 0
    private var shown = -1

    func show(_ fraction: Double) {
        let percent = Int((fraction * 100).rounded(.down))
        if terminal {
            guard percent != shown else { return }
            let filled = percent * 40 / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 40 - filled)
            FileHandle.standardError.write(Data("\rbacktest [\(bar)] \(percent)%".utf8))
        } else {
            guard percent / 10 != shown / 10 else { return }
            FileHandle.standardError.write(Data("backtest: \(percent)% replayed\n".utf8))
        }
        shown = percent
    }

    func end() {
        if terminal, shown >= 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
