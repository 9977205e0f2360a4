/// One FIX tag=value message whose framing (BodyLength, CheckSum) has been verified.
public struct FIXMessage: Sendable, Hashable {
    /// The whole message, `8=` through the CheckSum's SOH.
    public var bytes: [UInt8]
    /// Each field's tag and the range of its value in ``bytes``, in order.
    public var fields: [Field]

    /// A field: tag and value range.
    public struct Field: Sendable, Hashable {
        /// The tag number.
        public var tag: Int
        /// Where the value sits in the message bytes.
        public var value: Range<Int>
    }

    /// The value of the first field with this tag, as text.
    public func string(_ tag: Int) -> String? {
        fields.first { $0.tag == tag }.map { String(decoding: bytes[$0.value], as: UTF8.self) }
    }

    /// MsgType (35).
    public var messageType: String { string(35) ?? "" }

    /// MsgSeqNum (34), 0 when absent or malformed.
    public var sequence: UInt64 { string(34).flatMap { UInt64($0) } ?? 0 }

    /// The text of a message with `|` in place of SOH, for logs and dead-letter reasons.
    public var readable: String { String(decoding: bytes.map { $0 == 1 ? 124 : $0 }, as: UTF8.self) }

    /// Builds a message from body fields (35 first), filling in BeginString, BodyLength and CheckSum.
    ///
    /// - Parameters:
    ///   - fields: tag/value pairs after BodyLength, e.g. `[(35, "0"), (49, "TICKFLOW"), …]`.
    /// - Returns: the encoded bytes.
    public static func encode(_ fields: [(Int, String)]) -> [UInt8] {
        var body: [UInt8] = []
        for (tag, value) in fields { body += Array("\(tag)=\(value)".utf8); body.append(1) }
        var message = Array("8=FIX.4.4\u{1}9=\(body.count)\u{1}".utf8) + body
        let sum = message.reduce(0) { ($0 + Int($1)) & 0xff }
        let checksum = String(sum)
        message += Array("10=\(String(repeating: "0", count: 3 - checksum.count))\(checksum)\u{1}".utf8)
        return message
    }
}
