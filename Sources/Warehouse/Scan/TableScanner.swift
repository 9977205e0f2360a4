/// Scans a table of a snapshot: prunes day partitions and files by time range and symbols, prunes row groups by
/// their statistics, reads only the needed columns, filters rows, and hands out one batch per row group.
public struct TableScanner: Sendable {
    /// The warehouse.
    public let store: WarehouseStore

    /// Creates a scanner.
    public init(store: WarehouseStore) { self.store = store }

    /// The files a request must read, in time order, after partition and file pruning.
    public func plan(_ request: ScanRequest) throws -> (files: [DataFile], statistics: ScanStatistics) {
        let snapshot = try request.version.map { try store.catalog.snapshot(version: $0) } ?? store.catalog.current()
        let all = snapshot.files(of: request.table.name)
        var statistics = ScanStatistics()
        statistics.filesTotal = all.count
        let fromDay = request.fromNanos.map { PartitionDate(nanos: $0) }
        let toDay = request.toNanos.map { PartitionDate(nanos: $0 - 1) }
        let files = all.filter { file in
            if let fromDay, file.partition < fromDay { return false }
            if let toDay, toDay < file.partition { return false }
            if let from = request.fromNanos, file.maxTimeNanos < from { return false }
            if let to = request.toNanos, file.minTimeNanos >= to { return false }
            if let wanted = request.symbols, let present = file.symbols, wanted.isDisjoint(with: present) { return false }
            if let wanted = request.instrumentIds, let present = file.instrumentIds, wanted.isDisjoint(with: present) { return false }
            return true
        }.sorted { ($0.minTimeNanos, $0.path) < ($1.minTimeNanos, $1.path) }
        statistics.filesPruned = all.count - files.count
        return (files, statistics)
    }

    /// Runs a scan, calling `body` with each non-empty batch (the requested columns, in order).
    ///
    /// - Returns: what was read and pruned.
    /// - Throws: ``WarehouseError`` (`.invalidArgument` for an unknown column; file errors name the file).
    @discardableResult
    public func scan(_ request: ScanRequest, _ body: (RecordBatch) throws -> Void) throws -> ScanStatistics {
        let table = request.table
        let wanted = request.columns ?? table.schema.columns.map(\.name)
        for name in wanted where table.schema.index(of: name) == nil {
            throw WarehouseError(.invalidArgument, "\(table.name) has no column \(name); columns are \(table.schema.columns.map(\.name).joined(separator: ", "))")
        }
        let predicate = RowPredicate(request: request)
        let needed = wanted + predicate.columns.filter { !wanted.contains($0) }
        var (files, statistics) = try plan(request)
        for file in files {
            try scanFile(file, request: request, wanted: wanted, predicate: predicate, needed: needed, statistics: &statistics, body)
        }
        return statistics
    }

    /// Scans one file of a plan.
    func scanFile(_ file: DataFile, request: ScanRequest, _ body: (RecordBatch) throws -> Void) throws {
        let wanted = request.columns ?? request.table.schema.columns.map(\.name)
        let predicate = RowPredicate(request: request)
        var statistics = ScanStatistics()
        try scanFile(file, request: request, wanted: wanted, predicate: predicate,
                     needed: wanted + predicate.columns.filter { !wanted.contains($0) }, statistics: &statistics, body)
    }

    private func scanFile(
        _ file: DataFile, request: ScanRequest, wanted: [String], predicate: RowPredicate, needed: [String],
        statistics: inout ScanStatistics, _ body: (RecordBatch) throws -> Void
    ) throws {
        let reader = try ParquetReader(path: store.absolutePath(file))
        func indices(_ names: [String]) throws -> [Int] {
            try names.map { name in
                guard let index = reader.schema.index(of: name) else {
                    throw WarehouseError(.schemaMismatch, "file lacks column \(name)", path: reader.path)
                }
                return index
            }
        }
        let neededIndices = try indices(needed), wantedIndices = try indices(wanted)
        for group in 0..<reader.rowGroupCount {
            let match = predicate.match(reader, rowGroup: group)
            guard match != .none else {
                statistics.rowGroupsPruned += 1
                continue
            }
            statistics.rowGroupsRead += 1
            var batch: RecordBatch
            if match == .all {
                batch = try reader.readRowGroup(group, columns: wantedIndices)
            } else {
                batch = try reader.readRowGroup(group, columns: neededIndices)
                if let rows = predicate.matchingRows(batch) { batch = batch.gather(rows) }
                if needed.count != wanted.count { batch = try batch.select(wanted) }
            }
            guard batch.count > 0 else { continue }
            statistics.rowsReturned += batch.count
            try body(batch)
        }
    }

    /// Runs a scan and concatenates its batches.
    public func collect(_ request: ScanRequest) throws -> RecordBatch {
        var batches: [RecordBatch] = []
        try scan(request) { batches.append($0) }
        if batches.isEmpty {
            let names = request.columns ?? request.table.schema.columns.map(\.name)
            return try RecordBatch.empty(Schema(names.compactMap { name in request.table.schema.columns.first { $0.name == name } }))
        }
        return try RecordBatch.concatenate(batches)
    }
}
