/// An operator that forwards every record unchanged.
public struct PassThroughOperator<Value: Sendable>: Operator {
    /// Creates the operator.
    public init() {}

    /// Emits the batch as it is.
    public mutating func process(_ batch: [StreamRecord<Value>], into output: inout OperatorOutput<Value>) throws {
        // Handing over the array itself (copy-on-write) instead of appending avoids copying every record.
        if output.records.isEmpty { output.records = batch } else { output.emit(contentsOf: batch) }
    }
}
