import Synchronization

/// The bounded queues between a pipeline's reader and its lanes, plus the source positions of what was handed
/// over.
///
/// Dispatching a batch (to all lanes at once) and injecting a checkpoint barrier are both single critical
/// sections, so a barrier's positions cover exactly the records queued before it in every lane.
final class LaneExchange<Value: Sendable>: Sendable {
    /// The records of one read that belong to one lane.
    struct LaneBatch: Sendable {
        var records: [StreamRecord<Value>]
        /// The whole read as it came from the source, to recover original bytes for dead letters.
        var raw: [IncomingRecord]
    }

    enum Item: Sendable {
        case batch(LaneBatch)
        case barrier(UInt64)
        /// No more items; `finish` says whether the input ended (operators flush) or the pipeline is stopping.
        case end(finish: Bool)
    }

    private struct Queue: Sendable {
        var items: [Item] = []
        var head = 0
        var records = 0
        var waiter: CheckedContinuation<Void, any Error>?

        mutating func push(_ item: Item) -> CheckedContinuation<Void, any Error>? {
            items.append(item)
            if case .batch(let batch) = item { records += batch.records.count }
            defer { waiter = nil }
            return waiter
        }

        mutating func pop() -> Item? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if case .batch(let batch) = item { records -= batch.records.count }
            // Drop consumed items in bulk: amortised O(1) per item, no per-pop shifting.
            if head >= 64 && head * 2 >= items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    private struct State: Sendable {
        var queues: [Queue]
        var positions: [TopicPartition: Int64] = [:]
        var dispatcher: CheckedContinuation<Void, any Error>?
        var closed = false
    }

    let laneCapacity: Int
    private let state: Mutex<State>

    init(lanes: Int, laneCapacity: Int) {
        self.laneCapacity = laneCapacity
        self.state = Mutex(State(queues: Array(repeating: Queue(), count: lanes)))
    }

    /// Queues one lane batch per lane (`nil` for none) and records the positions, waiting while a receiving lane
    /// holds `laneCapacity` records or more.
    func dispatch(_ batches: [LaneBatch?], positions: [TopicPartitionOffset]) async throws {
        var done = false
        while !done {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let (wake, failure) = state.withLock { state -> ([CheckedContinuation<Void, any Error>], (any Error)?) in
                        if Task.isCancelled { return ([], CancellationError()) }
                        guard !state.closed else { return ([], StreamError(.closed, "the pipeline's lanes are closed")) }
                        for (lane, batch) in batches.enumerated() where batch != nil && state.queues[lane].records >= laneCapacity {
                            state.dispatcher = continuation
                            return ([], nil)
                        }
                        var wake: [CheckedContinuation<Void, any Error>] = []
                        for (lane, batch) in batches.enumerated() {
                            if let batch, let waiter = state.queues[lane].push(.batch(batch)) { wake.append(waiter) }
                        }
                        for position in positions {
                            state.positions[position.topicPartition] = max(
                                state.positions[position.topicPartition] ?? 0, position.offset)
                        }
                        done = true
                        return (wake, nil)
                    }
                    for waiter in wake { waiter.resume() }
                    if let failure {
                        continuation.resume(throwing: failure)
                    } else if done {
                        continuation.resume()
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    defer { state.dispatcher = nil }
                    return state.dispatcher
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }

    /// Puts a barrier behind everything queued in every lane.
    ///
    /// - Returns: the positions of everything dispatched before it, sorted.
    func injectBarrier(_ id: UInt64) -> [TopicPartitionOffset] {
        let (positions, wake) = state.withLock { state -> ([TopicPartitionOffset], [CheckedContinuation<Void, any Error>]) in
            var wake: [CheckedContinuation<Void, any Error>] = []
            for lane in state.queues.indices {
                if let waiter = state.queues[lane].push(.barrier(id)) { wake.append(waiter) }
            }
            let positions = state.positions.map { TopicPartitionOffset($0.key, offset: $0.value) }
                .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            return (positions, wake)
        }
        for waiter in wake { waiter.resume() }
        return positions
    }

    /// Ends every lane's queue after what it holds.
    func close(finish: Bool) {
        let wake = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            guard !state.closed else { return [] }
            state.closed = true
            var wake: [CheckedContinuation<Void, any Error>] = []
            for lane in state.queues.indices {
                if let waiter = state.queues[lane].push(.end(finish: finish)) { wake.append(waiter) }
            }
            if let dispatcher = state.dispatcher { wake.append(dispatcher) }
            state.dispatcher = nil
            return wake
        }
        for waiter in wake { waiter.resume() }
    }

    /// The next item of a lane, waiting for one.
    func next(lane: Int) async throws -> Item {
        var item: Item?
        while true {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let (dispatcher, cancelled) = state.withLock { state -> (CheckedContinuation<Void, any Error>?, Bool) in
                        if Task.isCancelled { return (nil, true) }
                        item = state.queues[lane].pop()
                        guard item != nil else {
                            state.queues[lane].waiter = continuation
                            return (nil, false)
                        }
                        // The reader may be waiting for this lane to drain below its bound.
                        guard state.queues[lane].records < laneCapacity, let dispatcher = state.dispatcher else {
                            return (nil, false)
                        }
                        state.dispatcher = nil
                        return (dispatcher, false)
                    }
                    dispatcher?.resume()
                    if cancelled {
                        continuation.resume(throwing: CancellationError())
                    } else if item != nil {
                        continuation.resume()
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    defer { state.queues[lane].waiter = nil }
                    return state.queues[lane].waiter
                }
                waiter?.resume(throwing: CancellationError())
            }
            if let item { return item }
        }
    }
}
