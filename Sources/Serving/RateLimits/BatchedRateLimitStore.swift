import Synchronization

/// Rate-limit counters counted in this process and pushed to a shared store (Redis) in batches: one `INCRBY` per
/// counter every ``flushInterval`` instead of a round trip per request.
///
/// A request's count is the shared count as of the last push (everyone's requests, this process's included)
/// plus this process's requests since. So one API process counts exactly; with several, a budget can be
/// overrun by what the other processes counted within one interval. The request that finds the interval over
/// pushes every pending counter (windows already past included) and waits for it; the others never wait. If
/// the push fails the counts stay pending for the next one and that request gets the store's error (the
/// middleware then lets it through, as with the shared store alone).
public final class BatchedRateLimitStore: RateLimitStore {
    /// Where the counts are shared.
    public let shared: any RateLimitStore
    /// How often counts are pushed (default 100 ms).
    public let flushInterval: Duration

    private struct Slot: Hashable {
        var key: String
        var windowNanos: Int64
        var window: Int64
    }

    private struct Counts {
        /// The shared count after the last push.
        var known = 0
        /// Counted here, being pushed now.
        var inFlight = 0
        /// Counted here since.
        var pending = 0
    }

    private struct State {
        var slots: [Slot: Counts] = [:]
        var lastFlush: ContinuousClock.Instant
        var flushing = false
    }

    private let clock = ContinuousClock()
    private let state: Mutex<State>

    /// Creates batched counters over `shared`.
    public init(shared: any RateLimitStore, flushInterval: Duration = .milliseconds(100)) {
        self.shared = shared
        self.flushInterval = flushInterval
        state = Mutex(State(lastFlush: clock.now))
    }

    public func increment(_ key: String, by amount: Int, windowNanos: Int64, nowNanos: Int64) async throws(ServingError) -> Int {
        let slot = Slot(key: key, windowNanos: windowNanos, window: nowNanos / windowNanos)
        let now = clock.now
        let (count, flush) = state.withLock { state in
            state.slots[slot, default: Counts()].pending += amount
            let counts = state.slots[slot]!
            let due = !state.flushing && now - state.lastFlush >= flushInterval
            if due { state.flushing = true }
            return (counts.known + counts.inFlight + counts.pending, due)
        }
        if flush { try await push(nowNanos: nowNanos) }
        return count
    }

    /// Pushes every pending count to the shared store now (unless a push is under way).
    ///
    /// - Throws: the shared store's error; the counts that were not pushed stay pending.
    public func flush(nowNanos: Int64) async throws(ServingError) {
        let claimed = state.withLock { state in
            defer { state.flushing = true }
            return !state.flushing
        }
        if claimed { try await push(nowNanos: nowNanos) }
    }

    /// The push itself, by whoever claimed `flushing`: the counters go concurrently, so the Redis pool sends
    /// them as one pipeline.
    private func push(nowNanos: Int64) async throws(ServingError) {
        let batch = state.withLock { state in
            var batch: [(Slot, Int)] = []
            for (slot, counts) in state.slots where counts.pending > 0 {
                batch.append((slot, counts.pending))
                state.slots[slot]!.inFlight = counts.pending
                state.slots[slot]!.pending = 0
            }
            return batch
        }
        let shared = self.shared
        let results = await withTaskGroup(of: (Slot, Result<Int, ServingError>).self) { group in
            for (slot, amount) in batch {
                group.addTask {
                    do throws(ServingError) {
                        let known = try await shared.increment(slot.key, by: amount, windowNanos: slot.windowNanos, nowNanos: slot.window * slot.windowNanos)
                        return (slot, .success(known))
                    } catch {
                        return (slot, .failure(error))
                    }
                }
            }
            var results: [(Slot, Result<Int, ServingError>)] = []
            for await result in group { results.append(result) }
            return results
        }
        var failure: ServingError?
        state.withLock { state in
            for (slot, result) in results {
                switch result {
                case .success(let known): state.slots[slot]!.known = known
                case .failure(let error):
                    state.slots[slot]!.pending += state.slots[slot]!.inFlight
                    failure = error
                }
                state.slots[slot]!.inFlight = 0
            }
            // Windows that are over and fully pushed can go.
            state.slots = state.slots.filter { slot, counts in
                counts.pending > 0 || slot.window >= nowNanos / slot.windowNanos
            }
            state.lastFlush = clock.now
            state.flushing = false
        }
        if let failure { throw failure }
    }
}
