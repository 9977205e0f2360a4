import Foundation

extension DeadLetter: ProtobufRepresentable {
    /// Creates a dead letter from its wire message: `stage`, `reason_code` and `source_topic` required,
    /// `source_partition` and `source_offset` >= -1, `failed_at_ns` set. An absent `key` stays `nil`;
    /// a present empty key stays `[]`.
    public init(proto: Tickflow_V1_DeadLetter) throws {
        let check = FieldValidator(Tickflow_V1_DeadLetter.self)
        if proto.sourcePartition < -1 {
            throw check.invalid("source_partition", "must be >= -1, got \(proto.sourcePartition)")
        }
        if proto.sourceOffset < -1 { throw check.invalid("source_offset", "must be >= -1, got \(proto.sourceOffset)") }
        self.init(
            stage: try check.required(proto.stage, "stage"),
            reasonCode: try check.required(proto.reasonCode, "reason_code"),
            reason: proto.reason,
            sourceTopic: try check.required(proto.sourceTopic, "source_topic"),
            sourcePartition: proto.sourcePartition,
            sourceOffset: proto.sourceOffset,
            key: proto.hasKey ? [UInt8](proto.key) : nil,
            payload: [UInt8](proto.payload),
            failedAtNanos: try check.time(proto.failedAtNs, "failed_at_ns"))
    }

    /// The wire message.
    public var proto: Tickflow_V1_DeadLetter {
        var message = Tickflow_V1_DeadLetter()
        message.stage = stage
        message.reasonCode = reasonCode
        message.reason = reason
        message.sourceTopic = sourceTopic
        message.sourcePartition = sourcePartition
        message.sourceOffset = sourceOffset
        if let key { message.key = Data(key) }
        message.payload = Data(payload)
        message.failedAtNs = failedAtNanos
        return message
    }
}
