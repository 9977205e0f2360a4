// TEMPORARY: stands in for Model's `DeadLetter` (branch `model`) until it lands; delete on merge.
public struct DeadLetter: Sendable, Hashable {
    public var stage: String
    public var reasonCode: String
    public var reason: String
    public var sourceTopic: String
    public var sourcePartition: Int32
    public var sourceOffset: Int64
    public var key: [UInt8]?
    public var payload: [UInt8]
    public var failedAtNanos: Int64

    public init(
        stage: String, reasonCode: String, reason: String, sourceTopic: String, sourcePartition: Int32,
        sourceOffset: Int64, key: [UInt8]?, payload: [UInt8], failedAtNanos: Int64
    ) {
        self.stage = stage
        self.reasonCode = reasonCode
        self.reason = reason
        self.sourceTopic = sourceTopic
        self.sourcePartition = sourcePartition
        self.sourceOffset = sourceOffset
        self.key = key
        self.payload = payload
        self.failedAtNanos = failedAtNanos
    }

    public func serializedBytes() throws -> [UInt8] {
        var writer = ByteWriter()
        writer.writeString(stage)
        writer.writeString(reasonCode)
        writer.writeString(reason)
        writer.writeString(sourceTopic)
        writer.write(sourcePartition)
        writer.write(sourceOffset)
        writer.write(UInt8(key == nil ? 0 : 1))
        writer.writeBytes(key ?? [])
        writer.writeBytes(payload)
        writer.write(failedAtNanos)
        return writer.bytes
    }

    public init(serializedBytes bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        self.init(
            stage: try reader.readString(), reasonCode: try reader.readString(), reason: try reader.readString(),
            sourceTopic: try reader.readString(), sourcePartition: try reader.readInt32(),
            sourceOffset: try reader.readInt64(), key: try reader.read(UInt8.self) == 0 ? (try reader.readBytes(), nil).1 : try reader.readBytes(), payload: try reader.readBytes(),
            failedAtNanos: try reader.readInt64())
    }
}
