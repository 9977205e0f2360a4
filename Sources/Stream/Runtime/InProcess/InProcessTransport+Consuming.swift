extension InProcessTransport {
    /// Waits until the member has records and returns up to `maxRecords` of them, or `nil` once it is closed or has
    /// read all of its sealed input.
    func nextBatch(member id: Int, maxRecords: Int) async throws -> [IncomingRecord]? {
        precondition(maxRecords > 0, "maxRecords must be positive")
        var outcome: InProcessTransportState.FetchResult = .mustWait
        while true {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let failure: (any Error)? = state.withLock { state in
                        guard !Task.isCancelled else { return CancellationError() }
                        guard !state.closed, state.members[id] != nil else {
                            outcome = .endOfInput
                            return nil
                        }
                        outcome = state.fetch(member: id, maxRecords: maxRecords)
                        if case .mustWait = outcome { state.members[id]?.waiter = continuation }
                        return nil
                    }
                    if let failure {
                        continuation.resume(throwing: failure)
                    } else if case .mustWait = outcome {
                        // Parked: a producer, a reassignment, a seal or a close resumes it.
                    } else {
                        continuation.resume()
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state -> InProcessTransportState.Waiter? in
                    defer { state.members[id]?.waiter = nil }
                    return state.members[id]?.waiter
                }
                waiter?.resume(throwing: CancellationError())
            }
            switch outcome {
            case .records(let records): return records
            case .endOfInput: return nil
            case .mustWait: continue
            }
        }
    }

    /// Records a member's commit and releases the room it frees.
    ///
    /// - Throws: ``StreamError`` `.consumer` for a partition the member does not own or an offset past the end,
    ///   `.closed` if the member left.
    func commit(member id: Int, offsets: [TopicPartitionOffset]) throws {
        guard !offsets.isEmpty else { return }
        let wakeups = try state.withLock { state -> InProcessTransportState.Wakeups in
            guard let group = state.members[id]?.group, var machine = state.groups[group] else {
                throw StreamError(.closed, "consumer \(id) has left its group: it can no longer commit")
            }
            for position in offsets {
                guard let log = state.topics[position.topic]?.logs[safe: Int(position.partition)],
                    position.offset <= log.endOffset, position.offset >= 0
                else {
                    throw StreamError(.consumer, "cannot commit \(position): beyond the end of the partition")
                }
            }
            switch machine.commit(member: id, offsets: offsets) {
            case .rejected(let notOwned):
                throw StreamError(
                    .consumer, "group \(group) member \(id) does not own \(notOwned): it was reassigned, commit refused")
            case .accepted(let advanced):
                state.groups[group] = machine
                var wakeups = InProcessTransportState.Wakeups()
                for partition in advanced { state.release(partition, into: &wakeups) }
                wakeups.events.append(.committed(group: group, offsets: offsets))
                return wakeups
            }
        }
        deliver(wakeups)
    }

    /// The member leaves its group; its partitions go to the remaining members and a pending read returns `nil`.
    func leave(member id: Int) {
        let wakeups = state.withLock { state -> InProcessTransportState.Wakeups in
            var wakeups = InProcessTransportState.Wakeups()
            guard let member = state.members.removeValue(forKey: id) else { return wakeups }
            if let waiter = member.waiter { wakeups.resume.append(waiter) }
            for partition in member.positions.keys { state.readers[partition]?.remove(id) }
            if var machine = state.groups[member.group] {
                let actions = machine.leave(member: id)
                state.groups[member.group] = machine
                state.apply(actions, group: member.group, into: &wakeups)
            }
            return wakeups
        }
        deliver(wakeups)
    }

    /// The partitions a member owns, sorted.
    func assignment(member id: Int) -> [TopicPartition] {
        state.withLock { state in
            (state.members[id]?.order ?? []).sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
