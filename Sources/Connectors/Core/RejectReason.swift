/// Machine-readable reasons a feed record is rejected; the `reason_code` of its dead letter on `dlq.ingest`.
public enum RejectReason: String, Sendable, Hashable, CaseIterable {
    /// The record has fewer fields than its header, or the input ends in the middle of it.
    case truncatedRecord = "TRUNCATED_RECORD"
    /// A numeric field is not a number.
    case invalidNumber = "INVALID_NUMBER"
    /// A price is zero, negative or not finite.
    case invalidPrice = "INVALID_PRICE"
    /// A size is negative or not finite.
    case invalidSize = "INVALID_SIZE"
    /// The bid is above the ask.
    case crossedQuote = "CROSSED_QUOTE"
    /// A timestamp cannot be parsed or does not exist (month 13, 25:00, outside 1678–2262).
    case invalidTimestamp = "INVALID_TIMESTAMP"
    /// The symbol is not in the instrument master.
    case unknownSymbol = "UNKNOWN_SYMBOL"
    /// A field the mapping requires is missing or empty.
    case missingField = "MISSING_FIELD"
    /// A field has a value outside its domain (a side, a flow kind, a currency).
    case invalidField = "INVALID_FIELD"
    /// The bytes are not valid UTF-8.
    case invalidUTF8 = "INVALID_UTF8"
    /// The record is not valid JSON / XML / FIX framing.
    case malformedRecord = "MALFORMED_RECORD"
    /// FIX CheckSum (10) does not match the message bytes.
    case badChecksum = "BAD_CHECKSUM"
    /// FIX BodyLength (9) does not match the message bytes.
    case badBodyLength = "BAD_BODY_LENGTH"
    /// FIX MsgSeqNum (34) jumped: the messages in between never arrived (reported; the message itself is kept).
    case sequenceGap = "SEQUENCE_GAP"
    /// A FIX message type this connector does not handle.
    case unsupportedMessage = "UNSUPPORTED_MESSAGE"
}
