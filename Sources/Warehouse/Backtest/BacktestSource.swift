import Model
import Stream

/// A stream ``Source`` that replays a warehouse scan in event-time order: the same operators that run live run
/// over history. Files whose time ranges overlap are merged; the records' positions count rows replayed on the
/// pseudo-partition `backtest.<table>[0]`.
///
/// While one group of overlapping files is handed out, the next is read and decoded in a task of its own, so that a
/// consumer on another core rarely waits for the disk or the Parquet decoder.
public actor BacktestSource<Value: Sendable>: Source {
    private let scanner: TableScanner
    private let request: ScanRequest
    private let records: @Sendable (RecordBatch, Range<Int>) throws -> [StreamRecord<Value>]
    private let partition: TopicPartition
    private var clusters: [[DataFile]]?
    /// The reading of the first of `clusters`, started as soon as the one before it was taken.
    private var nextLoad: Task<[RecordBatch], any Error>?
    /// The reading callers are waiting for to become `pending`: a caller arriving meanwhile (the actor is reentrant
    /// at that wait) waits for it too rather than take the next cluster, and whichever resumes first installs it.
    /// A failed reading stays here, so that every later call fails too instead of skipping its rows.
    private var awaited: Task<[RecordBatch], any Error>?
    /// The rows of the cluster being handed out, in event-time order. They stay columnar and are decoded a batch
    /// of records at a time: a whole file of records would be written to fresh memory only to be copied out again.
    private var pending: [RecordBatch] = []
    private var pendingBatch = 0
    private var pendingRow = 0
    private var emitted: Int64 = 0

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - store: the warehouse.
    ///   - request: what to replay (its `columns` are ignored: rows are decoded whole).
    ///   - decode: turns a range of rows of a batch of the table into values (e.g. ``RowDecoding/trades(_:rows:)``).
    ///   - key: the partitioning key of a value (the instrument id).
    ///   - eventTime: the event time of a value.
    public init(store: WarehouseStore, request: ScanRequest,
                decode: @escaping @Sendable (RecordBatch, Range<Int>) throws -> [Value],
                key: @escaping @Sendable (Value) -> [UInt8]?, eventTime: @escaping @Sendable (Value) -> Int64) {
        self.init(store: store, request: request) { batch, rows in
            try decode(batch, rows).map { StreamRecord(key: key($0), value: $0, eventTimeNanos: eventTime($0), position: nil) }
        }
    }

    /// Creates a source from a decoder of records, for a caller that builds them faster than the general
    /// initializer's value, key and time closures do.
    ///
    /// - Parameters:
    ///   - store: the warehouse.
    ///   - request: what to replay (its `columns` are ignored: rows are decoded whole).
    ///   - records: the records of a range of rows of a batch of the table, in row order; their positions are
    ///     ignored (the source numbers them).
    public init(store: WarehouseStore, request: ScanRequest,
                records: @escaping @Sendable (RecordBatch, Range<Int>) throws -> [StreamRecord<Value>]) {
        scanner = TableScanner(store: store)
        var whole = request
        whole.columns = nil
        self.request = whole
        self.records = records
        partition = TopicPartition(topic: "backtest.\(request.table.name)", partition: 0)
    }

    deinit {
        nextLoad?.cancel()
        awaited?.cancel()
    }

    public func nextBatch(maxRecords: Int) async throws -> SourceBatch<Value>? {
        if Task.isCancelled { return nil }
        if clusters == nil {
            clusters = try Self.overlapClusters(try scanner.plan(request).files)
            prefetch()
        }
        while pendingBatch >= pending.count || pendingRow >= pending[pendingBatch].count {
            if pendingBatch < pending.count {
                pendingBatch += 1
                pendingRow = 0
                continue
            }
            let load: Task<[RecordBatch], any Error>
            if let awaited {
                load = awaited
            } else {
                guard let next = nextLoad else { return nil }
                clusters?.removeFirst()
                nextLoad = nil
                awaited = next
                load = next
            }
            let batches = try await load.value
            // Still awaited: this caller resumed first and installs it; otherwise another already did.
            guard awaited == load else { continue }
            awaited = nil
            pending = batches
            pendingBatch = 0
            pendingRow = 0
            prefetch()
        }
        let batch = pending[pendingBatch]
        let rows = pendingRow..<min(batch.count, pendingRow + max(1, maxRecords))
        pendingRow = rows.upperBound
        var records = try self.records(batch, rows)
        for index in records.indices {
            records[index].position = SourcePosition(partition, offset: emitted)
            emitted += 1
        }
        return SourceBatch(records: records, positions: [TopicPartitionOffset(partition, offset: emitted)])
    }

    public func commit(_ positions: [TopicPartitionOffset]) async throws {}

    public func close() async {
        nextLoad?.cancel()
        nextLoad = nil
        awaited?.cancel()
        awaited = nil
        clusters = []
        pending = []
    }

    /// Starts reading the next group of files, if any.
    private func prefetch() {
        guard let files = clusters?.first else {
            nextLoad = nil
            return
        }
        let scanner = scanner, request = request
        nextLoad = Task.detached { try Self.load(files, scanner: scanner, request: request) }
    }

    /// The rows of overlapping files, filtered by the request, in event-time order: one file's batches as they are
    /// (a file is written in time order); several files' rows in one batch, sorted by time (stable).
    ///
    /// - Throws: ``WarehouseError`` when a file cannot be read, or overlapping files differ in schema.
    private static func load(_ files: [DataFile], scanner: TableScanner, request: ScanRequest) throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        for file in files {
            try Task.checkCancellation()
            var single = request
            single.version = nil
            try scanner.scanFile(file, request: single) { batches.append($0) }
        }
        guard files.count > 1, !batches.isEmpty else { return batches }
        return [WarehouseStore.sortedByTime(try RecordBatch.concatenate(batches), column: request.table.timeColumn)]
    }

    /// Files grouped so that no two groups overlap in time, groups in time order.
    static func overlapClusters(_ files: [DataFile]) throws -> [[DataFile]] {
        var clusters: [[DataFile]] = []
        var end = Int64.min
        for file in files.sorted(by: { ($0.minTimeNanos, $0.path) < ($1.minTimeNanos, $1.path) }) {
            if clusters.isEmpty || file.minTimeNanos > end {
                clusters.append([file])
            } else {
                clusters[clusters.count - 1].append(file)
            }
            end = max(end, file.maxTimeNanos)
        }
        return clusters
    }
}
