/// The pushed-down part of a scan: a time range and symbol / instrument sets, checked against row-group
/// statistics and then row by row.
struct RowPredicate {
    let timeColumn: String
    let from: Int64?
    let to: Int64?
    let stringFilters: [(column: String, values: Set<String>)]

    init(request: ScanRequest) {
        timeColumn = request.table.timeColumn
        from = request.fromNanos
        to = request.toNanos
        var filters: [(String, Set<String>)] = []
        if let symbols = request.symbols, let column = request.table.symbolColumn { filters.append((column, symbols)) }
        if let ids = request.instrumentIds, let column = request.table.instrumentColumn { filters.append((column, ids)) }
        stringFilters = filters
    }

    /// Columns the row filter reads.
    var columns: [String] { (from != nil || to != nil ? [timeColumn] : []) + stringFilters.map(\.column) }

    /// What a row group's statistics say about its rows.
    enum GroupMatch {
        /// No row can match: skip the group.
        case none
        /// Every row matches: read it without filtering.
        case all
        /// Some rows may match: filter them.
        case some
    }

    /// Classifies a row group by its statistics.
    func match(_ reader: ParquetReader, rowGroup: Int) -> GroupMatch {
        guard mayMatch(reader, rowGroup: rowGroup) else { return .none }
        guard stringFilters.isEmpty else { return .some }
        guard from != nil || to != nil else { return .all }
        guard let index = reader.schema.index(of: timeColumn),
              let stats = reader.statistics(rowGroup: rowGroup, column: index), stats.nullCount == 0,
              case .int64(let low)? = stats.min, case .int64(let high)? = stats.max else { return .some }
        return low >= (from ?? .min) && high < (to ?? .max) ? .all : .some
    }

    /// Whether a row group's statistics allow a match.
    func mayMatch(_ reader: ParquetReader, rowGroup: Int) -> Bool {
        if from != nil || to != nil, let index = reader.schema.index(of: timeColumn),
           let stats = reader.statistics(rowGroup: rowGroup, column: index),
           case .int64(let low)? = stats.min, case .int64(let high)? = stats.max {
            if let from, high < from { return false }
            if let to, low >= to { return false }
        }
        for filter in stringFilters {
            guard let index = reader.schema.index(of: filter.column),
                  let stats = reader.statistics(rowGroup: rowGroup, column: index),
                  case .string(let low)? = stats.min, case .string(let high)? = stats.max else { continue }
            let inside = filter.values.contains { value in
                !value.utf8.lexicographicallyPrecedes(low.utf8) && !high.utf8.lexicographicallyPrecedes(value.utf8)
            }
            if !inside { return false }
        }
        return true
    }

    /// The rows of `batch` that match, or `nil` when all do.
    func matchingRows(_ batch: RecordBatch) -> [Int]? {
        guard from != nil || to != nil || !stringFilters.isEmpty else { return nil }
        var keep = [Bool](repeating: true, count: batch.count)
        if from != nil || to != nil, let column = batch.column(timeColumn), let times = column.int64Values {
            let low = from ?? .min
            let high = to ?? .max
            for row in 0..<batch.count {
                let t = times[row]
                keep[row] = column.isValid(row) && t >= low && t < high
            }
        }
        for filter in stringFilters {
            guard let column = batch.column(filter.column), let strings = column.stringValues else { continue }
            let accepted = strings.dictionary.map { filter.values.contains($0) }
            for row in 0..<batch.count where keep[row] {
                keep[row] = column.isValid(row) && accepted[Int(strings.indices[row])]
            }
        }
        let rows = keep.indices.filter { keep[$0] }
        return rows.count == batch.count ? nil : rows
    }
}
