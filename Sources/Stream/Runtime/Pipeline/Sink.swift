/// Where a pipeline's output goes. Each lane gets its own copy, opened with its lane index.
///
/// A sink that needs exactly-once output stores its own position in ``snapshotState()`` — taken at a checkpoint
/// barrier, after ``flush()`` — and on ``open(lane:restoring:)`` rolls its output back to that position (truncates
/// a file, discards uncommitted rows). The input after the checkpoint is then replayed and rewrites that output
/// exactly once. Sinks that cannot roll back (a Kafka topic without transactions) are at-least-once: what they
/// wrote after the last checkpoint is written again after a crash.
public protocol Sink<Value>: Sendable {
    /// The value type written.
    associatedtype Value: Sendable

    /// Prepares this copy for a lane, restoring the state from the checkpoint the pipeline resumes from.
    ///
    /// - Parameters:
    ///   - lane: the lane index, from 0.
    ///   - state: this lane's ``snapshotState()`` in the checkpoint, or `nil` on a fresh start.
    /// - Throws: if the sink cannot be opened or restored.
    mutating func open(lane: Int, restoring state: [UInt8]?) async throws

    /// Writes records of one lane, in order.
    ///
    /// - Parameter records: the records.
    /// - Throws: if they cannot be written; the pipeline stops.
    mutating func write(_ records: [StreamRecord<Value>]) async throws

    /// Makes everything written so far durable.
    ///
    /// - Throws: if it cannot.
    mutating func flush() async throws

    /// The sink's position, for a checkpoint; taken right after ``flush()``.
    ///
    /// - Throws: if it cannot be serialized.
    func snapshotState() throws -> [UInt8]
}

extension Sink {
    /// Sinks without state need no preparation.
    public mutating func open(lane: Int, restoring state: [UInt8]?) async throws {}

    /// Sinks that write synchronously have nothing to flush.
    public mutating func flush() async throws {}

    /// Sinks without state snapshot to no bytes.
    public func snapshotState() throws -> [UInt8] { [] }
}
