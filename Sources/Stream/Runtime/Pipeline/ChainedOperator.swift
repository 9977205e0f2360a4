/// Two operators run one after the other within a lane; built with ``Operator/then(_:)``.
///
/// Being generic rather than type-erased lets the compiler specialise the whole chain.
public struct ChainedOperator<First: Operator, Second: Operator>: Operator where First.Output == Second.Input {
    /// The first operator.
    public var first: First
    /// The operator fed by the first.
    public var second: Second

    /// Chains two operators.
    public init(first: First, second: Second) {
        self.first = first
        self.second = second
    }

    /// Runs the batch through both operators; rejections of either are kept.
    public mutating func process(_ batch: [StreamRecord<First.Input>], into output: inout OperatorOutput<Second.Output>) throws {
        var middle = OperatorOutput<First.Output>(capacity: batch.count)
        try first.process(batch, into: &middle)
        output.rejections.append(contentsOf: middle.rejections)
        if !middle.records.isEmpty { try second.process(middle.records, into: &output) }
    }

    /// Finishes the first operator, feeds what it emits to the second, then finishes the second.
    public mutating func finish(into output: inout OperatorOutput<Second.Output>) throws {
        var middle = OperatorOutput<First.Output>()
        try first.finish(into: &middle)
        output.rejections.append(contentsOf: middle.rejections)
        if !middle.records.isEmpty { try second.process(middle.records, into: &output) }
        try second.finish(into: &output)
    }

    /// Both states, each prefixed by its length.
    public func snapshotState() throws -> [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(try first.snapshotState())
        writer.writeBytes(try second.snapshotState())
        return writer.bytes
    }

    /// Restores both operators from ``snapshotState()``.
    public mutating func restoreState(from bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try first.restoreState(from: try reader.readBytes())
        try second.restoreState(from: try reader.readBytes())
        try reader.expectEnd()
    }
}
