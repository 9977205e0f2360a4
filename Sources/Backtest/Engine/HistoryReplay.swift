import Model
import Stream
import Warehouse

/// The raw history of a backtest as one stream: FX rates, quotes and trades from the warehouse, each replayed by a
/// ``BacktestSource`` in event-time order and merged by event time, ties going to FX rates, then quotes, then
/// trades, then each table's own order, so that the same warehouse always replays the same sequence.
///
/// Every record is re-stamped on the one pseudo-partition `backtest[0]`, as a live feed delivers an instrument's
/// trades and quotes on one partition: the stream stage keeps one clock for them.
struct HistoryReplay {
    private var sources: [BacktestSource<TickInput>]
    private var buffers: [[StreamRecord<TickInput>]]
    private var indices: [Int]
    private var exhausted: [Bool]
    private var offset: Int64 = 0
    private let partition = TopicPartition(topic: "backtest", partition: 0)
    private let readSize: Int

    /// The replay of `[from, to)` of `instruments` (all when empty); FX rates of every pair.
    init(store: WarehouseStore, fromNanos: Int64, toNanos: Int64, instrumentIds: [String], readSize: Int = 8_192) {
        let ids = instrumentIds.isEmpty ? nil : Set(instrumentIds)
        let marketKey: @Sendable (TickInput) -> [UInt8]? = { input in
            if case .market(let event) = input { return Array(event.instrumentId.utf8) }
            return nil
        }
        let fxKey: @Sendable (TickInput) -> [UInt8]? = { input in
            if case .fx(let rate) = input { return Array(rate.pair.utf8) }
            return nil
        }
        let time: @Sendable (TickInput) -> Int64 = { $0.eventTimeNanos }
        sources = [
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.fxRates, fromNanos: fromNanos, toNanos: toNanos),
                decode: { try RowDecoding.fxRates($0).map(TickInput.fx) }, key: fxKey, eventTime: time),
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.quotes, fromNanos: fromNanos, toNanos: toNanos, instrumentIds: ids),
                decode: { try RowDecoding.quotes($0).map { TickInput.market(.quote($0)) } }, key: marketKey, eventTime: time),
            BacktestSource(
                store: store, request: ScanRequest(table: Tables.trades, fromNanos: fromNanos, toNanos: toNanos, instrumentIds: ids),
                decode: { try RowDecoding.trades($0).map { TickInput.market(.trade($0)) } }, key: marketKey, eventTime: time),
        ]
        buffers = Array(repeating: [], count: sources.count)
        indices = Array(repeating: 0, count: sources.count)
        exhausted = Array(repeating: false, count: sources.count)
        self.readSize = readSize
    }

    /// The next records in replay order, at most `maxRecords`; `nil` at the end.
    ///
    /// - Throws: ``WarehouseError`` when a file cannot be read or decoded.
    mutating func next(maxRecords: Int) async throws -> [StreamRecord<TickInput>]? {
        var batch: [StreamRecord<TickInput>] = []
        batch.reserveCapacity(maxRecords)
        while batch.count < maxRecords {
            var best = -1, bestTime = Int64.max
            for source in sources.indices {
                if indices[source] >= buffers[source].count {
                    guard try await refill(source) else { continue }
                }
                let time = buffers[source][indices[source]].eventTimeNanos
                // Strictly less: on equal times the earlier source (FX, then quotes, then trades) wins.
                if time < bestTime {
                    best = source
                    bestTime = time
                }
            }
            guard best >= 0 else { break }
            // Take every record of the chosen source up to the next source's head time (runs are long in practice).
            var limit = Int64.max
            for source in sources.indices where source != best && indices[source] < buffers[source].count {
                let time = buffers[source][indices[source]].eventTimeNanos
                limit = min(limit, source < best ? time - 1 : time)
            }
            while batch.count < maxRecords, indices[best] < buffers[best].count {
                let index = indices[best]
                if buffers[best][index].eventTimeNanos > limit { break }
                // Re-stamped in place, then copied once into the batch (reading the record out first copied it twice).
                buffers[best][index].position = SourcePosition(partition, offset: offset)
                batch.append(buffers[best][index])
                offset += 1
                indices[best] += 1
            }
        }
        return batch.isEmpty ? nil : batch
    }

    /// Loads the next batch of a source; `false` when it has no more.
    private mutating func refill(_ source: Int) async throws -> Bool {
        if exhausted[source] { return false }
        guard let next = try await sources[source].nextBatch(maxRecords: readSize), !next.records.isEmpty else {
            exhausted[source] = true
            await sources[source].close()
            return false
        }
        buffers[source] = next.records
        indices[source] = 0
        return true
    }
}
