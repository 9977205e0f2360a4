extension InProcessTransport {
    /// Appends a batch, waiting while a destination partition is full; returns once every record is appended.
    func send(_ records: [OutgoingRecord]) async throws {
        guard !records.isEmpty else { return }
        let timestampMillis = configuration.now() / 1_000_000
        var pending = try state.withLock { state in
            guard !state.closed else { throw StreamError(.closed, "the in-process transport is shut down") }
            return try state.route(records)
        }
        let waiterID = state.withLock { $0.makeID() }
        var finished = false
        while !finished {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    var wakeups = InProcessTransportState.Wakeups()
                    let failure: (any Error)? = state.withLock { state in
                        guard !state.closed else { return StreamError(.closed, "the in-process transport is shut down") }
                        guard !Task.isCancelled else { return CancellationError() }
                        guard let blocked = state.append(&pending, timestampMillis: timestampMillis, into: &wakeups)
                        else {
                            finished = true
                            return nil
                        }
                        // Registering in the same critical section as the fullness check: a commit cannot slip
                        // between them and leave this producer waiting for a wake-up that already happened.
                        state.producerWaiters[blocked, default: [:]][waiterID] = continuation
                        wakeups.events.append(.producerBlocked(blocked))
                        return nil
                    }
                    deliver(wakeups)
                    if let failure {
                        continuation.resume(throwing: failure)
                    } else if finished {
                        continuation.resume()
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state -> InProcessTransportState.Waiter? in
                    for partition in state.producerWaiters.keys {
                        if let waiter = state.producerWaiters[partition]?.removeValue(forKey: waiterID) { return waiter }
                    }
                    return nil
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }
}
