extension Pipeline {
    /// Runs one lane: operators over each batch, output to the sink, snapshots at barriers, until its queue ends.
    func runLane(
        _ lane: Int, operators: Operators, sink: Output, exchange: LaneExchange<Operators.Input>,
        events: AsyncStream<PipelineEvent>.Continuation
    ) async throws {
        var operators = operators
        var sink = sink
        while true {
            switch try await exchange.next(lane: lane) {
            case .batch(let batch):
                var output = OperatorOutput<Operators.Output>(capacity: batch.records.count)
                try operators.process(batch.records, into: &output)
                try await deliver(output, originals: batch.raw, to: &sink)
            case .barrier(let id):
                // Everything before the barrier must be durable before the checkpoint can claim it.
                try await sink.flush()
                let snapshot = LaneSnapshot(operatorState: try operators.snapshotState(), sinkState: try sink.snapshotState())
                events.yield(.laneSnapshotted(id: id, lane: lane, snapshot: snapshot))
            case .end(let finish):
                if finish {
                    var output = OperatorOutput<Operators.Output>()
                    try operators.finish(into: &output)
                    try await deliver(output, originals: [], to: &sink)
                }
                try await sink.flush()
                events.yield(.laneFinished(lane: lane))
                return
            }
        }
    }

    private func deliver(
        _ output: OperatorOutput<Operators.Output>, originals: [IncomingRecord], to sink: inout Output
    ) async throws {
        if !output.records.isEmpty { try await sink.write(output.records) }
        if !output.rejections.isEmpty { try await deadLetters.route(output.rejections, stage: stage, originals: originals) }
    }
}
