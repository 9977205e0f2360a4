/// A processing step: turns batches of typed records into records of another type.
///
/// Each pipeline lane owns its own copy of the operator (it is a value) and only sees the keys routed to that
/// lane, so state kept per instrument needs no locking. Operators must be deterministic given their state and
/// input: recovery replays the input after the last checkpoint and relies on getting the same output.
public protocol Operator<Input, Output>: Sendable {
    /// The input value type.
    associatedtype Input: Sendable
    /// The output value type.
    associatedtype Output: Sendable

    /// Processes a batch, in order.
    ///
    /// - Parameters:
    ///   - batch: the input records of one lane, in arrival order (ordered per key).
    ///   - output: where to emit records and rejections.
    /// - Throws: an error that stops the pipeline; refuse single bad records with ``OperatorOutput/reject(_:reasonCode:reason:)``.
    mutating func process(_ batch: [StreamRecord<Input>], into output: inout OperatorOutput<Output>) throws

    /// The input has ended: emit whatever is still pending (open windows, buffered records).
    ///
    /// - Parameter output: where to emit.
    /// - Throws: an error that fails the pipeline.
    mutating func finish(into output: inout OperatorOutput<Output>) throws

    /// The operator's state, serialized for a checkpoint.
    ///
    /// - Throws: if the state cannot be serialized.
    func snapshotState() throws -> [UInt8]

    /// Replaces the state with one from ``snapshotState()``.
    ///
    /// - Parameter bytes: a snapshot taken by the same kind of operator.
    /// - Throws: ``StreamError`` `.checkpoint` if the bytes are not a valid snapshot.
    mutating func restoreState(from bytes: [UInt8]) throws
}

extension Operator {
    /// Stateless operators have nothing pending at the end.
    public mutating func finish(into output: inout OperatorOutput<Output>) throws {}

    /// Stateless operators snapshot to no bytes.
    public func snapshotState() throws -> [UInt8] { [] }

    /// Stateless operators accept only an empty snapshot.
    public mutating func restoreState(from bytes: [UInt8]) throws {
        guard bytes.isEmpty else {
            throw StreamError(.checkpoint, "\(Self.self) keeps no state but the checkpoint has \(bytes.count) bytes for it")
        }
    }

    /// This operator followed by another.
    ///
    /// - Parameter next: the operator consuming this one's output.
    /// - Returns: the composed operator.
    public func then<Next: Operator>(_ next: Next) -> ChainedOperator<Self, Next> where Next.Input == Output {
        ChainedOperator(first: self, second: next)
    }
}
