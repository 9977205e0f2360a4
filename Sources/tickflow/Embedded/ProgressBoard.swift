import Stream
import Synchronization

/// The latest totals per instrument, shared by the pipeline's sink lanes and the progress printer.
final class ProgressBoard: Sendable {
    private let latest = Mutex<[String: InstrumentTotals]>([:])
    private let processed = Atomic<Int>(0)

    func record(_ totals: [InstrumentTotals]) {
        latest.withLock { board in for entry in totals { board[entry.symbol] = entry } }
        processed.add(totals.count, ordering: .relaxed)
    }

    var processedCount: Int { processed.load(ordering: .relaxed) }
    var snapshot: [InstrumentTotals] { latest.withLock { Array($0.values) }.sorted { $0.symbol < $1.symbol } }
}

/// The embedded run's sink: publishes each instrument's latest totals to the board.
struct ProgressSink: Sink {
    let board: ProgressBoard

    mutating func write(_ records: [StreamRecord<InstrumentTotals>]) async throws {
        board.record(records.map(\.value))
    }
}
