/// Where a record sits in its feed: the source name plus a line and byte offset (files) or a sequence number (FIX).
public struct FeedPosition: Sendable, Hashable, CustomStringConvertible {
    /// The feed, e.g. `samples/trades.csv` or `fix:127.0.0.1:9878`.
    public var source: String
    /// The 1-based line of a line-oriented file; 0 when not applicable.
    public var line: Int64
    /// The byte offset of the record's first byte in the (decompressed) input; -1 when not applicable.
    public var byteOffset: Int64
    /// The FIX MsgSeqNum (34); 0 when not applicable.
    public var sequence: UInt64

    /// Creates a position.
    public init(source: String, line: Int64 = 0, byteOffset: Int64 = -1, sequence: UInt64 = 0) {
        self.source = source
        self.line = line
        self.byteOffset = byteOffset
        self.sequence = sequence
    }

    /// The number the dead letter carries as `source_offset`: the line, else the FIX sequence, else the byte offset.
    public var offset: Int64 {
        if line > 0 { return line }
        if sequence > 0 { return Int64(sequence) }
        return byteOffset
    }

    public var description: String {
        var parts: [String] = []
        if line > 0 { parts.append("line \(line)") }
        if byteOffset >= 0 { parts.append("byte \(byteOffset)") }
        if sequence > 0 { parts.append("seq \(sequence)") }
        return parts.isEmpty ? source : "\(source):" + parts.joined(separator: ", ")
    }
}
