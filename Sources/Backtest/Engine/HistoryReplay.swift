import Model
import Stream
import Warehouse

/// The raw history of a backtest as one stream: FX rates, quotes and trades from the warehouse, each replayed by a
/// ``BacktestSource`` in event-time order and merged by event time, ties going to FX rates, then quotes, then
/// trades, then each table's own order, so that the same warehouse always replays the same sequence.
///
/// An actor, so that the engine can have the next batch merged on another core while it processes one.
///
/// Every record is re-stamped on the one pseudo-partition `backtest[0]`, as a live feed delivers an instrument's
/// trades and quotes on one partition: the stream stage keeps one clock for them.
actor HistoryReplay {
    private var sources: [BacktestSource<TickInput>]
    /// Each source's records not yet merged, the next one last.
    private var buffers: [[StreamRecord<TickInput>]]
    private var exhausted: [Bool]
    private var offset: Int64 = 0
    private let partition = TopicPartition(topic: "backtest", partition: 0)
    private let readSize: Int

    /// The replay of `[from, to)` of `instruments` (all when empty); FX rates of every pair.
    init(store: WarehouseStore, fromNanos: Int64, toNanos: Int64, instrumentIds: [String], readSize: Int = 8_192) {
        let ids = instrumentIds.isEmpty ? nil : Set(instrumentIds)
        sources = [
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.fxRates, fromNanos: fromNanos, toNanos: toNanos),
                records: { Self.records(try RowDecoding.fxRates($0, rows: $1), key: \.pair, time: \.eventTimeNanos, wrap: TickInput.fx) }),
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.quotes, fromNanos: fromNanos, toNanos: toNanos, instrumentIds: ids),
                records: { Self.records(try RowDecoding.quotes($0, rows: $1), key: \.instrumentId, time: \.eventTimeNanos) { .market(.quote($0)) } }),
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.trades, fromNanos: fromNanos, toNanos: toNanos, instrumentIds: ids),
                records: { Self.records(try RowDecoding.trades($0, rows: $1), key: \.instrumentId, time: \.eventTimeNanos) { .market(.trade($0)) } }),
        ]
        buffers = Array(repeating: [], count: sources.count)
        exhausted = Array(repeating: false, count: sources.count)
        self.readSize = readSize
    }

    /// The next records in replay order, at most `maxRecords`; `nil` at the end.
    ///
    /// - Throws: ``WarehouseError`` when a file cannot be read or decoded.
    func next(maxRecords: Int) async throws -> [StreamRecord<TickInput>]? {
        var batch: [StreamRecord<TickInput>] = []
        batch.reserveCapacity(maxRecords)
        while batch.count < maxRecords {
            var best = -1, bestTime = Int64.max
            for source in sources.indices {
                if buffers[source].isEmpty {
                    guard try await refill(source) else { continue }
                }
                let time = buffers[source][buffers[source].count - 1].eventTimeNanos
                // Strictly less: on equal times the earlier source (FX, then quotes, then trades) wins.
                if time < bestTime {
                    best = source
                    bestTime = time
                }
            }
            guard best >= 0 else { break }
            // Take every record of the chosen source up to the next source's head time (runs are long in practice).
            var limit = Int64.max
            for source in sources.indices where source != best {
                guard !buffers[source].isEmpty else { continue }
                let head = buffers[source][buffers[source].count - 1].eventTimeNanos
                limit = min(limit, source < best ? head - 1 : head)
            }
            // Worked on out of the actor's storage: each access to a stored property of an actor is checked for
            // exclusivity at run time.
            var buffer: [StreamRecord<TickInput>] = []
            swap(&buffer, &buffers[best])
            while batch.count < maxRecords, !buffer.isEmpty, buffer[buffer.count - 1].eventTimeNanos <= limit {
                // Popped, the record moves into the batch: neither copied nor destroyed.
                batch.append(buffer.removeLast())
                batch[batch.count - 1].position = SourcePosition(partition, offset: offset)
                offset += 1
            }
            swap(&buffer, &buffers[best])
        }
        return batch.isEmpty ? nil : batch
    }

    /// Unpositioned records of decoded rows, keyed by instrument (FX rates by pair), each value moved into its
    /// record rather than copied.
    private static func records<Value>(
        _ values: consuming [Value], key: (Value) -> String, time: (Value) -> Int64, wrap: (consuming Value) -> TickInput
    ) -> [StreamRecord<TickInput>] {
        var values = values
        values.withUnsafeMutableBufferPointer { $0.reverse() }
        var records: [StreamRecord<TickInput>] = []
        records.reserveCapacity(values.count)
        while let value = values.popLast() {
            let (recordKey, time) = (Array(key(value).utf8), time(value))
            records.append(StreamRecord(key: recordKey, value: wrap(value), eventTimeNanos: time, position: nil))
        }
        return records
    }

    /// Loads the next batch of a source, last record first; `false` when it has no more.
    private func refill(_ source: Int) async throws -> Bool {
        if exhausted[source] { return false }
        guard var records = try await sources[source].nextBatch(maxRecords: readSize)?.records, !records.isEmpty else {
            exhausted[source] = true
            await sources[source].close()
            return false
        }
        // Reversed by swaps, which move the records; `reversed()` would copy them.
        records.withUnsafeMutableBufferPointer { $0.reverse() }
        buffers[source] = records
        return true
    }
}
