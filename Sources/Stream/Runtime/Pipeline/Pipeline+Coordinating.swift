extension Pipeline {
    /// Drives checkpoints (``CheckpointLifecycle``) and the end of the run; returns once every lane has finished.
    func coordinate(
        events: AsyncStream<PipelineEvent>, continuation: AsyncStream<PipelineEvent>.Continuation,
        exchange: LaneExchange<Operators.Input>, nextID: UInt64
    ) async throws {
        var lifecycle = CheckpointLifecycle(laneCount: configuration.lanes, nextID: nextID)
        var waitingForNext: [CheckedContinuation<UInt64, any Error>] = []
        var waitingForCurrent: [CheckedContinuation<UInt64, any Error>] = []
        var endOfInput: Bool?
        var finalID: UInt64?
        var finalError: (any Error)?
        var lastError: (any Error)?
        var finishedLanes = 0
        var iterator = events.makeAsyncIterator()

        while finishedLanes < configuration.lanes, let event = await iterator.next() {
            var actions: [CheckpointLifecycle.Action]
            switch event {
            case .checkpointRequested(let waiter):
                if let waiter { waitingForNext.append(waiter) }
                actions = lifecycle.request()
            case .laneSnapshotted(let id, let lane, let snapshot):
                actions = lifecycle.laneSnapshotted(id: id, lane: lane, snapshot: snapshot)
            case .inputEnded(let ended):
                // The final checkpoint must start after the reader's last dispatch, which this event follows.
                endOfInput = ended
                actions = lifecycle.request()
            case .laneFinished:
                finishedLanes += 1
                actions = []
            }

            while !actions.isEmpty {
                switch actions.removeFirst() {
                case .injectBarrier(let id):
                    let positions = exchange.injectBarrier(id)
                    lifecycle.barrierInjected(id: id, positions: positions, createdAtNanos: WallClock.nowNanos())
                    waitingForCurrent = waitingForNext
                    waitingForNext = []
                    if endOfInput != nil, finalID == nil { finalID = id }
                case .write(let checkpoint):
                    do {
                        try await deadLetters.flush(timeout: configuration.flushTimeout)
                        try await checkpoints?.write(checkpoint)
                        actions += lifecycle.written(id: checkpoint.id)
                    } catch {
                        lastError = error
                        actions += lifecycle.failed(id: checkpoint.id, reason: "writing the checkpoint failed: \(error)")
                    }
                case .commit(let id, let positions):
                    do {
                        if !positions.isEmpty { try await source.commit(positions) }
                        actions += lifecycle.committed(id: id)
                    } catch {
                        lastError = error
                        actions += lifecycle.failed(id: id, reason: "committing the source positions failed: \(error)")
                    }
                case .completed(let id):
                    for waiter in waitingForCurrent { waiter.resume(returning: id) }
                    waitingForCurrent = []
                    if id == finalID, let endOfInput { exchange.close(finish: endOfInput) }
                case .abandoned(let id, let reason):
                    logger.error("checkpoint abandoned", metadata: ["id": "\(id)", "reason": "\(reason)"])
                    let error = StreamError(.checkpoint, "checkpoint \(id) of \(stage): \(reason)", underlying: lastError)
                    for waiter in waitingForCurrent { waiter.resume(throwing: error) }
                    waitingForCurrent = []
                    if id == finalID, let endOfInput {
                        finalError = error
                        exchange.close(finish: endOfInput)
                    }
                }
            }
        }

        continuation.finish()
        let closed = StreamError(.closed, "pipeline \(stage) stopped before the checkpoint")
        for waiter in waitingForCurrent + waitingForNext { waiter.resume(throwing: closed) }
        while let event = await iterator.next() {
            if case .checkpointRequested(let waiter?) = event { waiter.resume(throwing: closed) }
        }
        try Task.checkCancellation()
        if let finalError { throw finalError }
    }
}
