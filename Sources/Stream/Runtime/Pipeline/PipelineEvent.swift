/// What the reader, the lanes and callers tell a pipeline's checkpoint coordinator.
enum PipelineEvent: Sendable {
    /// Someone wants a checkpoint; the continuation, if any, gets its id once it is complete.
    case checkpointRequested(CheckedContinuation<UInt64, any Error>?)
    /// A lane reached a barrier and snapshotted its state.
    case laneSnapshotted(id: UInt64, lane: Int, snapshot: LaneSnapshot)
    /// The reader stopped: at the end of the input, or because the pipeline is stopping.
    case inputEnded(endOfInput: Bool)
    /// A lane processed its last item and flushed its sink.
    case laneFinished(lane: Int)
}
