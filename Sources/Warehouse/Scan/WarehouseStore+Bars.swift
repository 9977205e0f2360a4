import Model

extension WarehouseStore {
    /// The bars of one interval whose event time is in `[fromNanos, toNanos)` (unbounded where nil), by instrument,
    /// one per window (the highest revision: a late trade re-emits its bar with a higher one), in window order.
    ///
    /// - Parameter instrumentIds: only these instruments; nil for all.
    /// - Throws: ``WarehouseError`` when a file cannot be read or the table's columns are not a bar table's.
    public func latestBars(
        _ interval: BarInterval, instrumentIds: Set<String>? = nil, fromNanos: Int64? = nil, toNanos: Int64? = nil
    ) throws -> [String: [Bar]] {
        let request = ScanRequest(table: Tables.bars(interval), fromNanos: fromNanos, toNanos: toNanos, instrumentIds: instrumentIds)
        var latest: [String: [Int64: Bar]] = [:]
        try TableScanner(store: self).scan(request) { batch in
            for bar in try RowDecoding.bars(batch) {
                if let held = latest[bar.instrumentId]?[bar.windowStartNanos], held.revision > bar.revision { continue }
                latest[bar.instrumentId, default: [:]][bar.windowStartNanos] = bar
            }
        }
        return latest.mapValues { windows in windows.keys.sorted().map { windows[$0]! } }
    }
}
