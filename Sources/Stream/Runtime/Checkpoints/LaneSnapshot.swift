/// The state of one pipeline lane in a checkpoint: its operators' snapshot and its sink's position.
public struct LaneSnapshot: Sendable, Hashable {
    /// The lane's ``Operator/snapshotState()``.
    public var operatorState: [UInt8]
    /// The lane's ``Sink/snapshotState()``.
    public var sinkState: [UInt8]

    /// Creates a lane snapshot.
    public init(operatorState: [UInt8], sinkState: [UInt8]) {
        self.operatorState = operatorState
        self.sinkState = sinkState
    }
}
