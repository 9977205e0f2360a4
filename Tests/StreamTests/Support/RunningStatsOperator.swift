import Stream

/// Keeps a running count and sum of prices per instrument and emits the updated figures for every tick;
/// refuses negative prices.
struct RunningStatsOperator: Operator {
    var state = KeyedState<RunningStats>()

    mutating func process(_ batch: [StreamRecord<Double>], into output: inout OperatorOutput<RunningStats>) throws {
        for record in batch {
            guard record.value >= 0 else {
                output.reject(record, reasonCode: "INVALID_PRICE", reason: "negative price \(record.value)")
                continue
            }
            let key = record.key ?? []
            var stats = state[key, default: RunningStats()]
            stats.count += 1
            stats.sum += record.value
            state[key] = stats
            output.emit(record.map { _ in stats })
        }
    }

    func snapshotState() throws -> [UInt8] {
        try state.snapshot()
    }

    mutating func restoreState(from bytes: [UInt8]) throws {
        state = try KeyedState(restoring: bytes)
    }
}
