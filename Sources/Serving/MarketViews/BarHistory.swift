import Model
import NIOPosix
import Warehouse

/// Bars older than the live views keep: the market-data API reads a range from here when it starts before the
/// views' oldest bar.
public protocol BarHistory: Sendable {
    /// The bars of one instrument and interval whose window starts in `[fromNanos, toNanos)`, oldest first, the
    /// highest revision of each window.
    ///
    /// - Throws: ``ServingError`` (`storage`) when the history cannot be read.
    func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar]
}

/// ``BarHistory`` from the warehouse's `bars_<interval>` tables, scanned on NIO's blocking thread pool.
public struct WarehouseBarHistory: BarHistory {
    /// The warehouse.
    public let store: WarehouseStore
    /// How long after its window a bar can still be stored (its event time, which the tables are partitioned
    /// by, runs up to the window end plus the stream's allowed lateness); default one hour.
    public var lateness: Int64 = Timestamp.nanosPerHour

    /// Reads bars from `store`.
    public init(store: WarehouseStore) {
        self.store = store
    }

    public func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar] {
        guard fromNanos < toNanos else { return [] }
        let (until, overflow) = toNanos.addingReportingOverflow(interval.nanos + lateness)
        let request = ScanRequest(
            table: Tables.bars(interval), fromNanos: fromNanos, toNanos: overflow ? nil : until, instrumentIds: [instrumentId])
        let store = self.store
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                var latest: [Int64: Bar] = [:]
                try TableScanner(store: store).scan(request) { batch in
                    for bar in try RowDecoding.bars(batch) where bar.windowStartNanos >= fromNanos && bar.windowStartNanos < toNanos {
                        if let held = latest[bar.windowStartNanos], held.revision > bar.revision { continue }
                        latest[bar.windowStartNanos] = bar
                    }
                }
                return latest.values.sorted { $0.windowStartNanos < $1.windowStartNanos }
            }
        } catch {
            throw ServingError(.storage, "cannot read \(interval.rawValue) bars of \(instrumentId) from the warehouse at \(store.root): \(error)")
        }
    }
}
