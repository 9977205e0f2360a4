import Model
import NIOPosix
import Warehouse

/// ``PriceHistory`` read from the warehouse: the latest trade (`trades.price`) or bar close (`bars_*.close`) at
/// or before the time asked, whichever happened last.
///
/// Rows are matched on the instrument id; with ``symbols``, an instrument with no row under its id in a window
/// is matched on its symbol instead (the embedded simulator of `tickflow run` keys its trades by its own ids).
///
/// A lookup scans backwards in widening windows (a day, a month, then all history) so that the usual
/// question, a recent time, reads only the last day partitions; an instrument found in a narrower window
/// needs no wider one, since the window holds everything after its start. Scans run on NIO's blocking
/// thread pool, not on the caller's executor.
public struct WarehousePriceHistory: PriceHistory {
    /// One table prices come from, and the column holding them.
    struct Source: Sendable {
        var table: TableDefinition
        var priceColumn: String
        /// A column breaking ties between rows of the same event time (a bar's `revision`), if any.
        var revisionColumn: String?
    }

    /// The warehouse.
    public let store: WarehouseStore
    /// Symbols of instrument ids, for rows stored under other ids; empty matches on ids only.
    public let symbols: [String: String]
    /// Lookback windows tried in turn, in ns; after the last, all history is scanned.
    let windows: [Int64]
    let sources: [Source]

    /// Reads prices from the warehouse at `store`; `symbols` (instrument id → symbol) also matches rows on symbol.
    public init(store: WarehouseStore, symbols: [String: String] = [:]) {
        self.store = store
        self.symbols = symbols
        windows = [Timestamp.nanosPerDay, 31 * Timestamp.nanosPerDay]
        sources = [Source(table: Tables.trades, priceColumn: "price", revisionColumn: nil)]
            + BarInterval.allCases.map { Source(table: Tables.bars($0), priceColumn: "close", revisionColumn: "revision") }
    }

    /// Opens the warehouse directory at `root` (created if missing).
    ///
    /// - Throws: ``ServingError`` `storage` when it cannot be opened.
    public init(root: String, symbols: [String: String] = [:]) throws(ServingError) {
        do {
            self.init(store: try WarehouseStore(root: root), symbols: symbols)
        } catch {
            throw ServingError(.storage, "cannot open the warehouse at \(root): \(error)", underlying: error)
        }
    }

    public func prices(of instrumentIds: Set<String>, at timeNanos: Int64) async throws(ServingError) -> [String: PricePoint] {
        guard !instrumentIds.isEmpty else { return [:] }
        do {
            return try await NIOThreadPool.singleton.runIfActive { try lookup(instrumentIds, at: timeNanos) }
        } catch let error as ServingError {
            throw error
        } catch {
            throw ServingError(.storage, "cannot read price history from the warehouse at \(store.root): \(error)", underlying: error)
        }
    }

    /// The blocking lookup.
    func lookup(_ instrumentIds: Set<String>, at timeNanos: Int64) throws -> [String: PricePoint] {
        var found: [String: PricePoint] = [:]
        var missing = instrumentIds
        // One snapshot for every scan of the lookup, whatever the sink commits meanwhile.
        let version = store.catalog.versions().last ?? 0
        let bounds: [Int64?] = windows.map { window in
            let (start, overflow) = timeNanos.subtractingReportingOverflow(window)
            return overflow ? nil : start
        } + [nil]
        for from in bounds where !missing.isEmpty {
            var points = try latest(of: missing, from: from, through: timeNanos, version: version)
            let bySymbol = Dictionary(missing.subtracting(points.keys).compactMap { id in symbols[id].map { ($0, id) } }) { first, _ in first }
            if !bySymbol.isEmpty {
                let matched = try latest(of: Set(bySymbol.keys), from: from, through: timeNanos, version: version, onSymbol: true)
                for (symbol, point) in matched { points[bySymbol[symbol]!] = point }
            }
            for (instrumentId, point) in points {
                found[instrumentId] = point
                missing.remove(instrumentId)
            }
        }
        return found
    }

    /// The latest price of each instrument (by id, or by symbol when `onSymbol`) with event time in
    /// `[from, through]`, over every source.
    private func latest(of keys: Set<String>, from: Int64?, through: Int64, version: Int64, onSymbol: Bool = false) throws -> [String: PricePoint] {
        var best: [String: (point: PricePoint, revision: Int64)] = [:]
        let scanner = TableScanner(store: store)
        for source in sources {
            let columns = ["event_time", onSymbol ? "symbol" : "instrument_id", source.priceColumn] + (source.revisionColumn.map { [$0] } ?? [])
            let request = ScanRequest(
                table: source.table, columns: columns, fromNanos: from, toNanos: through == .max ? nil : through + 1,
                symbols: onSymbol ? keys : nil, instrumentIds: onSymbol ? nil : keys, version: version)
            try scanner.scan(request) { batch in
                guard let times = batch.columns[0].int64Values, let ids = batch.columns[1].stringValues,
                    let prices = batch.columns[2].doubleValues
                else { throw ServingError(.storage, "\(source.table.name) has unexpected column types") }
                let revisions = batch.columns.count > 3 ? batch.columns[3].int64Values : nil
                for row in 0..<batch.count where batch.columns[0].isValid(row) && batch.columns[2].isValid(row) {
                    let point = PricePoint(price: prices[row], timeNanos: times[row])
                    let revision = revisions?[row] ?? 0
                    let id = ids[row]
                    if let current = best[id], (current.point.timeNanos, current.revision) > (point.timeNanos, revision) { continue }
                    best[id] = (point, revision)
                }
            }
        }
        return best.mapValues(\.point)
    }
}
