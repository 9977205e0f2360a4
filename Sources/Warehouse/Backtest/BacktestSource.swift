import Model
import Stream

/// A stream ``Source`` that replays a warehouse scan in event-time order: the same operators that run live run
/// over history. Files whose time ranges overlap are merged; the records' positions count rows replayed on the
/// pseudo-partition `backtest.<table>[0]`.
public actor BacktestSource<Value: Sendable>: Source {
    private let scanner: TableScanner
    private let request: ScanRequest
    private let decode: @Sendable (RecordBatch) throws -> [Value]
    private let key: @Sendable (Value) -> [UInt8]?
    private let eventTime: @Sendable (Value) -> Int64
    private let partition: TopicPartition
    private var clusters: [[DataFile]]?
    private var pending: [Value] = []
    private var pendingIndex = 0
    private var emitted: Int64 = 0

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - store: the warehouse.
    ///   - request: what to replay (its `columns` are ignored: rows are decoded whole).
    ///   - decode: turns a batch of the table's rows into values (e.g. ``RowDecoding/trades(_:)``).
    ///   - key: the partitioning key of a value (the instrument id).
    ///   - eventTime: the event time of a value.
    public init(store: WarehouseStore, request: ScanRequest,
                decode: @escaping @Sendable (RecordBatch) throws -> [Value],
                key: @escaping @Sendable (Value) -> [UInt8]?, eventTime: @escaping @Sendable (Value) -> Int64) {
        scanner = TableScanner(store: store)
        var whole = request
        whole.columns = nil
        self.request = whole
        self.decode = decode
        self.key = key
        self.eventTime = eventTime
        partition = TopicPartition(topic: "backtest.\(request.table.name)", partition: 0)
    }

    public func nextBatch(maxRecords: Int) async throws -> SourceBatch<Value>? {
        if Task.isCancelled { return nil }
        if clusters == nil { clusters = try Self.overlapClusters(try scanner.plan(request).files) }
        while pendingIndex >= pending.count {
            guard var remaining = clusters, !remaining.isEmpty else { return nil }
            let cluster = remaining.removeFirst()
            clusters = remaining
            pending = try load(cluster)
            pendingIndex = 0
        }
        let end = min(pending.count, pendingIndex + max(1, maxRecords))
        var records: [StreamRecord<Value>] = []
        records.reserveCapacity(end - pendingIndex)
        for value in pending[pendingIndex..<end] {
            records.append(StreamRecord(key: key(value), value: value, eventTimeNanos: eventTime(value),
                                        position: SourcePosition(partition, offset: emitted)))
            emitted += 1
        }
        pendingIndex = end
        return SourceBatch(records: records, positions: [TopicPartitionOffset(partition, offset: emitted)])
    }

    public func commit(_ positions: [TopicPartitionOffset]) async throws {}

    public func close() async {
        clusters = []
        pending = []
    }

    /// The rows of overlapping files, filtered by the request and sorted by event time (stable).
    private func load(_ files: [DataFile]) throws -> [Value] {
        var values: [Value] = []
        for file in files {
            var single = request
            single.version = nil
            try scanner.scanFile(file, request: single) { values += try decode($0) }
        }
        if files.count > 1 {
            let times = values.map(eventTime)
            values = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }.map { values[$0] }
        }
        return values
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
