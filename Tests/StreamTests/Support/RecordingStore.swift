import Stream
import Synchronization

/// Output that outlives a pipeline run, one segment per lane — like a file per lane on disk — so a restarted
/// pipeline can roll it back to a checkpoint.
final class RecordingStore<Value: Sendable>: Sendable {
    private struct State {
        var lanes: [Int: [StreamRecord<Value>]] = [:]
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var total: Int { lanes.values.reduce(0) { $0 + $1.count } }
    }

    private let state = Mutex(State())

    func append(_ records: [StreamRecord<Value>], lane: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.lanes[lane, default: []].append(contentsOf: records)
            let total = state.total
            let ready = state.waiters.filter { $0.count <= total }.map(\.continuation)
            state.waiters.removeAll { $0.count <= total }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    func truncate(lane: Int, to count: Int) {
        state.withLock { state in
            if let records = state.lanes[lane], records.count > count { state.lanes[lane] = Array(records.prefix(count)) }
        }
    }

    func count(lane: Int) -> Int {
        state.withLock { $0.lanes[lane]?.count ?? 0 }
    }

    var all: [StreamRecord<Value>] {
        state.withLock { state in state.lanes.keys.sorted().flatMap { state.lanes[$0]! } }
    }

    /// Returns once at least `count` records have been written in total.
    func waitUntil(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                guard state.total < count else { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
