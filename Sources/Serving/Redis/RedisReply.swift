/// A Redis reply, copied out of hiredis.
public enum RedisReply: Sendable, Hashable {
    case status(String)
    case string([UInt8])
    case integer(Int64)
    case array([RedisReply])
    case null
    case error(String)

    /// The reply as text, for status and bulk-string replies.
    public var text: String? {
        switch self {
        case .status(let text): text
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}
