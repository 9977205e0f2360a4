import Synchronization

/// Hands the batches an ``EmbeddedProcessor``'s reader tasks fetched (one from the partitioned input, one from
/// the broadcast input) to its processing loop, so that the loop wakes as soon as either input has records.
///
/// Each source has one slot: a reader that fetched its next batch while the previous one is still waiting blocks
/// in ``put(_:from:)`` (the transport's backpressure reaches the producers), and fetching overlaps processing.
final class BatchMailbox: Sendable {
    /// Which input a batch came from.
    enum Source: Int, Sendable {
        case partitioned = 0
        case broadcast = 1
    }

    /// What the loop takes: the batches waiting, or how the input ended.
    struct Delivery: Sendable {
        var records: [IncomingRecord] = []
        var broadcast: [IncomingRecord] = []
        /// Every input ended (each consumer returned `nil`): nothing more will come.
        var ended = false
    }

    private struct State {
        var slots: [[IncomingRecord]?] = [nil, nil]
        var putters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var taker: CheckedContinuation<Void, any Error>?
        var endedSources: Set<Int> = []
        let sourceCount: Int
        var failure: (any Error)?
        var closed = false
        var nextID = 0

        var ended: Bool { endedSources.count == sourceCount }
        var hasDelivery: Bool { slots[0] != nil || slots[1] != nil || ended || failure != nil }
    }

    private let state: Mutex<State>

    /// Creates a mailbox.
    ///
    /// - Parameter broadcast: whether a broadcast reader delivers too (the input ends when both readers ended).
    init(broadcast: Bool) {
        state = Mutex(State(sourceCount: broadcast ? 2 : 1))
    }

    /// Leaves a batch for the loop, waiting while the source's previous batch has not been taken.
    ///
    /// - Throws: `CancellationError` once closed or when the task is cancelled (the batch is then not delivered).
    func put(_ batch: [IncomingRecord], from source: Source) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        while true {
            let delivered = try state.withLock { state -> (Bool, CheckedContinuation<Void, any Error>?) in
                guard !state.closed else { throw CancellationError() }
                guard state.slots[source.rawValue] == nil else { return (false, nil) }
                state.slots[source.rawValue] = batch
                defer { state.taker = nil }
                return (true, state.taker)
            }
            if delivered.0 {
                delivered.1?.resume()
                return
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.closed || Task.isCancelled || state.slots[source.rawValue] == nil { return true }
                        state.putters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                state.withLock { $0.putters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
            }
        }
    }

    /// A reader's input ended, or a reader failed: the loop sees it at its next ``take()``.
    func finish(_ source: Source, failure: (any Error)?) {
        let taker = state.withLock { state in
            if let failure { state.failure = state.failure ?? failure } else { state.endedSources.insert(source.rawValue) }
            defer { state.taker = nil }
            return state.taker
        }
        taker?.resume()
    }

    /// Waits for batches and takes every one waiting.
    ///
    /// - Returns: the batches, or `nil` once closed.
    /// - Throws: a reader's failure, or `CancellationError` if the task is cancelled.
    func take() async throws -> Delivery? {
        while true {
            let (delivery, putters, failure) = state.withLock { state -> (Delivery?, [CheckedContinuation<Void, any Error>], (any Error)?) in
                if state.closed { return (nil, [], nil) }
                if let failure = state.failure { return (nil, [], failure) }
                guard state.hasDelivery else { return (nil, [], nil) }
                let delivery = Delivery(records: state.slots[0] ?? [], broadcast: state.slots[1] ?? [], ended: state.ended)
                state.slots = [nil, nil]
                defer { state.putters = [:] }
                return (delivery, Array(state.putters.values), nil)
            }
            for putter in putters { putter.resume() }
            if let failure { throw failure }
            if let delivery { return delivery }
            if state.withLock({ $0.closed }) { return nil }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    // Parked or not is decided under the lock that a putter resumes the taker under: one resume only.
                    let (parked, cancelled) = state.withLock { state -> (Bool, Bool) in
                        if Task.isCancelled { return (false, true) }
                        if state.closed || state.hasDelivery { return (false, false) }
                        state.taker = continuation
                        return (true, false)
                    }
                    if cancelled {
                        continuation.resume(throwing: CancellationError())
                    } else if !parked {
                        continuation.resume()
                    }
                }
            } onCancel: {
                let taker = state.withLock { state in
                    defer { state.taker = nil }
                    return state.taker
                }
                taker?.resume(throwing: CancellationError())
            }
        }
    }

    /// Wakes the loop (``take()`` returns `nil`) and every waiting reader (``put(_:from:)`` throws).
    func close() {
        let (taker, putters) = state.withLock { state in
            state.closed = true
            defer {
                state.taker = nil
                state.putters = [:]
            }
            return (state.taker, Array(state.putters.values))
        }
        taker?.resume()
        for putter in putters { putter.resume(throwing: CancellationError()) }
    }
}
