import ArgumentParser
import Backtest
import Foundation
import Model
import Warehouse

/// `tickflow query TABLE`: reads a table with time-range and symbol pushdown and prints CSV or JSON lines.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Read a warehouse table (pushdown on time range and symbols).")

    @Argument(help: "The table (trades, quotes, bars_1m, fx_rates, backtest_runs, …).") var table: String
    @OptionGroup var options: WarehouseOptions
    @Option(help: "From this time, inclusive: YYYY-MM-DD or ISO 8601.") var from: String?
    @Option(help: "To this time, exclusive: YYYY-MM-DD or ISO 8601.") var to: String?
    @Option(help: "Comma-separated symbols.") var symbols: String?
    @Option(help: "Comma-separated instrument ids.") var instruments: String?
    @Option(help: "Comma-separated columns (default: all).") var columns: String?
    @Option(help: "csv or json.") var format: String = "csv"
    @Option(help: "Read this snapshot version (time travel).") var version: Int64?
    @Option(help: "Stop after this many rows.") var limit: Int?

    func run() async throws {
        guard let format = BatchFormatter.Format(rawValue: format) else { throw ValidationError("--format must be csv or json") }
        let definition = try BacktestTables.all.first { $0.name == table } ?? Tables.named(table)
        func list(_ text: String?) -> [String]? { text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } }
        let request = ScanRequest(
            table: definition, columns: list(columns), fromNanos: try from.map(Self.parseTime),
            toNanos: try to.map(Self.parseTime), symbols: list(symbols).map(Set.init),
            instrumentIds: list(instruments).map(Set.init), version: version)
        let scanner = TableScanner(store: try options.open())
        var printed = 0
        if format == .csv {
            let names = request.columns ?? definition.schema.columns.map(\.name)
            print(BatchFormatter.csvHeader(Schema(names.map { ColumnSpec($0, .string) })))
        }
        struct Done: Error {}
        do {
            let statistics = try scanner.scan(request) { batch in
                for line in BatchFormatter.lines(batch, format: format) {
                    if let limit, printed >= limit { throw Done() }
                    print(line)
                    printed += 1
                }
            }
            FileHandle.standardError.write(Data("\(statistics.rowsReturned) rows; files \(statistics.filesTotal - statistics.filesPruned)/\(statistics.filesTotal) read, row groups \(statistics.rowGroupsRead) read, \(statistics.rowGroupsPruned) pruned\n".utf8))
        } catch is Done {}
    }

    static func parseTime(_ text: String) throws -> Int64 {
        if text.count == 10 { return try PartitionDate(parsing: text).startNanos }
        do { return try Timestamp.parseISO8601(text) } catch { throw ValidationError("\(text): \(error)") }
    }
}
