import Model
import Warehouse

/// Bars of one interval read back from the warehouse (`bars_<interval>` tables) through its scan API: per
/// instrument, one bar per window (the highest revision), in window order.
public struct WarehouseBarHistory: Sendable {
    /// One window of one instrument.
    public struct Point: Sendable, Equatable {
        /// Inclusive window start, ns since the epoch (UTC).
        public var windowStartNanos: Int64
        /// First trade price.
        public var open: Double
        /// Last trade price.
        public var close: Double
    }

    /// The warehouse.
    public let store: WarehouseStore

    /// Reads the warehouse in `store`.
    public init(store: WarehouseStore) { self.store = store }

    /// Opens the warehouse directory at `root`.
    ///
    /// - Throws: ``AnalyticsError`` `.invalidInput` when it cannot be opened.
    public init(root: String) throws {
        do {
            store = try WarehouseStore(root: root)
        } catch {
            throw AnalyticsError(.invalidInput, context: root, "cannot open the warehouse: \(error)")
        }
    }

    /// The bars of `interval` with event time in `[from, to)` (unbounded where `nil`), by instrument id.
    ///
    /// - Parameter instrumentIds: only these instruments; `nil` for all.
    /// - Throws: ``AnalyticsError`` `.invalidInput` wrapping a scan failure.
    public func bars(
        interval: BarInterval, instrumentIds: Set<String>? = nil, from: Int64? = nil, to: Int64? = nil
    ) throws -> [String: [Point]] {
        let request = ScanRequest(
            table: Tables.bars(interval), columns: ["instrument_id", "window_start", "open", "close", "revision"],
            fromNanos: from, toNanos: to, instrumentIds: instrumentIds)
        var best: [String: [Int64: (revision: Int64, point: Point)]] = [:]
        do {
            try TableScanner(store: store).scan(request) { batch in
                guard let ids = batch.columns[0].stringValues, let starts = batch.columns[1].int64Values,
                    let opens = batch.columns[2].doubleValues, let closes = batch.columns[3].doubleValues,
                    let revisions = batch.columns[4].int64Values
                else { throw AnalyticsError(.invalidInput, context: request.table.name, "unexpected column types") }
                for row in 0..<batch.count where batch.columns.allSatisfy({ $0.isValid(row) }) {
                    let point = Point(windowStartNanos: starts[row], open: opens[row], close: closes[row])
                    let id = ids[row]
                    if let current = best[id]?[point.windowStartNanos], current.revision > revisions[row] { continue }
                    best[id, default: [:]][point.windowStartNanos] = (revisions[row], point)
                }
            }
        } catch let error as AnalyticsError {
            throw error
        } catch {
            throw AnalyticsError(.invalidInput, context: "\(store.root) \(request.table.name)", "scan failed: \(error)")
        }
        return best.mapValues { windows in windows.keys.sorted().map { windows[$0]!.point } }
    }
}
