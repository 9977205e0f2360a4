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
        do {
            return try store.latestBars(interval, instrumentIds: instrumentIds, fromNanos: from, toNanos: to).mapValues { bars in
                bars.map { Point(windowStartNanos: $0.windowStartNanos, open: $0.open, close: $0.close) }
            }
        } catch {
            throw AnalyticsError(.invalidInput, context: "\(store.root) \(Tables.bars(interval).name)", "scan failed: \(error)")
        }
    }
}
