/// Computes a chunk's min and max over its non-null values, PLAIN-encoded as Parquet statistics expect (NaN is
/// left out of double bounds; strings and fixed bytes compare as unsigned bytes; decimals as signed numbers).
enum ColumnStatisticsBuilder {
    static func statistics(
        _ column: Column, range: Range<Int>, validity: ContiguousArray<Bool>?, stringPlan: StringChunkPlan?
    ) -> ColumnChunkStatistics {
        var stats = ColumnChunkStatistics()
        var sink = ByteSink(capacity: 32)
        func encoded(_ body: (inout ByteSink) -> Void) -> [UInt8] {
            sink.removeAll()
            body(&sink)
            return Array(sink.bytes)
        }
        switch column.values {
        case .int64(let values):
            if let (low, high) = bounds(values, range, validity, isIncluded: { _ in true }) {
                stats.min = encoded { $0.appendLittleEndian(low) }
                stats.max = encoded { $0.appendLittleEndian(high) }
            }
        case .double(let values):
            if let (low, high) = bounds(values, range, validity, isIncluded: { !$0.isNaN }) {
                // -0.0 and +0.0 compare equal: write them so that any zero falls inside the bounds.
                stats.min = encoded { $0.appendLittleEndian((low == 0 ? -0.0 : low).bitPattern) }
                stats.max = encoded { $0.appendLittleEndian((high == 0 ? 0.0 : high).bitPattern) }
            }
        case .bool(let values):
            if let (low, high) = bounds(values.lazy.map { $0 ? 1 : 0 as UInt8 }, range, validity) {
                stats.min = [low]
                stats.max = [high]
            }
        case .string:
            if let plan = stringPlan, let (low, high) = plan.bounds() {
                stats.min = Array(plan.entryBytes(low))
                stats.max = Array(plan.entryBytes(high))
            }
        case .decimal(let values):
            let width = column.spec.type.valueWidth
            if let (low, high) = bounds(values, range, validity, isIncluded: { _ in true }) {
                stats.min = encoded { PlainEncoder.appendBigEndian(low, width: width, into: &$0) }
                stats.max = encoded { PlainEncoder.appendBigEndian(high, width: width, into: &$0) }
            }
        case .fixedBytes(let bytes):
            let width = column.spec.type.valueWidth
            var low: ArraySlice<UInt8>?
            var high: ArraySlice<UInt8>?
            for row in range where validity?[row] ?? true {
                let value = ArraySlice(bytes[(row * width)..<((row + 1) * width)])
                if low == nil || value.lexicographicallyPrecedes(low!) { low = value }
                if high == nil || high!.lexicographicallyPrecedes(value) { high = value }
            }
            stats.min = low.map(Array.init)
            stats.max = high.map(Array.init)
        }
        return stats
    }

    private static func bounds<T: Comparable>(
        _ values: ContiguousArray<T>, _ range: Range<Int>, _ validity: ContiguousArray<Bool>?,
        isIncluded: (T) -> Bool
    ) -> (T, T)? {
        values.withUnsafeBufferPointer { buffer in
            var low: T?
            var high: T?
            if validity == nil, let first = range.first, isIncluded(buffer[first]) {
                var l = buffer[first]
                var h = l
                var allIncluded = true
                for row in range {
                    let v = buffer[row]
                    if !isIncluded(v) { allIncluded = false; break }
                    if v < l { l = v }
                    if v > h { h = v }
                }
                if allIncluded { return (l, h) }
            }
            for row in range where validity?[row] ?? true {
                let v = buffer[row]
                guard isIncluded(v) else { continue }
                if low == nil || v < low! { low = v }
                if high == nil || v > high! { high = v }
            }
            guard let low, let high else { return nil }
            return (low, high)
        }
    }

    private static func bounds<S: Sequence>(_ values: S, _ range: Range<Int>, _ validity: ContiguousArray<Bool>?) -> (UInt8, UInt8)?
    where S.Element == UInt8 {
        var low: UInt8?
        var high: UInt8?
        for (row, v) in values.enumerated() where range.contains(row) && (validity?[row] ?? true) {
            low = min(low ?? v, v)
            high = max(high ?? v, v)
        }
        guard let low, let high else { return nil }
        return (low, high)
    }
}
