import Analytics
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

/// The warehouse's bars (Analytics reads them too, for GARCH fits and historical stress) as the market-data API's
/// history: scanned on NIO's blocking thread pool, not on the caller's executor.
extension WarehouseBarHistory: BarHistory {
    /// How long after its window a bar can still be stored: its event time, which the tables are partitioned by,
    /// runs up to the window end plus the stream's allowed lateness, and the scan is bounded by event time.
    static let lateness: Int64 = Timestamp.nanosPerHour

    public func bars(_ instrumentId: String, interval: BarInterval, fromNanos: Int64, toNanos: Int64) async throws(ServingError) -> [Bar] {
        guard fromNanos < toNanos else { return [] }
        let (until, overflow) = toNanos.addingReportingOverflow(interval.nanos + Self.lateness)
        let store = self.store
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                (try store.latestBars(interval, instrumentIds: [instrumentId], fromNanos: fromNanos, toNanos: overflow ? nil : until)[instrumentId] ?? [])
                    .filter { $0.windowStartNanos >= fromNanos && $0.windowStartNanos < toNanos }
            }
        } catch {
            throw ServingError(.storage, "cannot read \(interval.rawValue) bars of \(instrumentId) from the warehouse at \(store.root): \(error)")
        }
    }
}
