/// Splits a FIX byte stream into messages and verifies each one's BodyLength (9) and CheckSum (10).
///
/// Works on a growing buffer: ``append(_:)`` bytes as they arrive, take ``next(atEnd:)`` until it returns
/// `nil` (more bytes needed). Newlines and spaces between messages are skipped, so a file with one message per
/// line reads like a socket stream. After a bad message the framer resynchronises on the next `8=FIX`.
public struct FIXFramer: Sendable {
    /// What one step of framing produced.
    public enum Frame: Sendable, Hashable {
        /// A message whose framing is correct, at this stream offset.
        case message(FIXMessage, offset: Int64)
        /// Bytes that are not a valid message: the reason, a detail, the bytes, their offset and MsgSeqNum if seen.
        case invalid(RejectReason, String, payload: [UInt8], offset: Int64, sequence: UInt64)
    }

    private var buffer: [UInt8] = []
    private var cursor = 0
    private var consumed: Int64 = 0

    /// Creates a framer.
    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if cursor > 1 << 20 || cursor == buffer.count {
            consumed += Int64(cursor)
            buffer.removeFirst(cursor)
            cursor = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next frame; `nil` when more bytes are needed, or at the end when nothing is left.
    ///
    /// - Parameter atEnd: no more bytes will come: an incomplete message is returned as `TRUNCATED_RECORD`.
    public mutating func next(atEnd: Bool) -> Frame? {
        while cursor < buffer.count, buffer[cursor] == 10 || buffer[cursor] == 13 || buffer[cursor] == 32 { cursor += 1 }
        guard cursor < buffer.count else { return nil }
        let start = cursor
        let offset = consumed + Int64(start)
        return buffer.withUnsafeBufferPointer { b -> Frame? in
            func truncated() -> Frame? {
                guard atEnd else { return nil }
                let payload = Array(b[start...])
                cursor = b.count
                return .invalid(.truncatedRecord, "the input ends inside a FIX message", payload: payload, offset: offset,
                                sequence: Self.sequence(in: b, from: start, to: b.count))
            }
            func bad(_ reason: RejectReason, _ detail: String, end: Int) -> Frame {
                cursor = end
                return .invalid(reason, detail, payload: Array(b[start..<end]), offset: offset,
                                sequence: Self.sequence(in: b, from: start, to: end))
            }
            // 8=FIX.x.y<SOH>
            guard b.count - start >= 2 else { return truncated() }
            guard b[start] == 56, b[start + 1] == 61 else {
                return bad(.malformedRecord, "expected BeginString (8=) at the start of a message", end: resync(b, from: start + 1))
            }
            guard let beginEnd = Self.find(1, in: b, from: start, limit: 32) else {
                return b.count - start < 32 ? truncated() : bad(.malformedRecord, "BeginString has no SOH", end: resync(b, from: start + 1))
            }
            // 9=<length><SOH>
            let lengthStart = beginEnd + 1
            guard b.count - lengthStart >= 2 else { return truncated() }
            guard b[lengthStart] == 57, b[lengthStart + 1] == 61 else {
                return bad(.malformedRecord, "BodyLength (9) must be the second field", end: resync(b, from: start + 1))
            }
            var length = 0, index = lengthStart + 2
            while index < b.count, b[index] >= 48, b[index] <= 57, index - lengthStart < 10 {
                length = length * 10 + Int(b[index] - 48)
                index += 1
            }
            guard index < b.count else { return truncated() }
            guard b[index] == 1, index > lengthStart + 2 else {
                return bad(.malformedRecord, "BodyLength (9) is not a number", end: resync(b, from: start + 1))
            }
            let bodyStart = index + 1
            let checksumStart = bodyStart + length
            // 10=NNN<SOH> right after the body.
            if checksumStart + 7 <= b.count, b[checksumStart - 1] == 1, b[checksumStart] == 49, b[checksumStart + 1] == 48,
               b[checksumStart + 2] == 61, b[checksumStart + 6] == 1
            {
                let end = checksumStart + 7
                var declared = 0
                for digit in b[(checksumStart + 3)..<(checksumStart + 6)] {
                    guard digit >= 48, digit <= 57 else { return bad(.badChecksum, "CheckSum (10) is not three digits", end: end) }
                    declared = declared * 10 + Int(digit - 48)
                }
                var sum = 0
                for byte in b[start..<checksumStart] { sum &+= Int(byte) }
                guard sum & 0xff == declared else {
                    return bad(.badChecksum, "CheckSum (10) is \(declared), the bytes sum to \(sum & 0xff)", end: end)
                }
                cursor = end
                return .message(Self.message(b, start: start, end: end), offset: offset)
            }
            // The declared length does not land on the CheckSum: find where the message really ends.
            if let trailer = Self.findChecksum(in: b, from: bodyStart) {
                let actual = trailer - bodyStart
                return bad(.badBodyLength, "BodyLength (9) is \(length), the body has \(actual) bytes", end: trailer + 7)
            }
            if atEnd { return truncated() }
            if checksumStart + 7 > b.count { return nil }
            return bad(.malformedRecord, "no CheckSum (10) field", end: resync(b, from: start + 1))
        }
    }

    /// The start of the next `8=FIX` at or after `from`, or the buffer end.
    private func resync(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var index = from
        while index + 5 <= b.count {
            if b[index] == 56, b[index + 1] == 61, b[index + 2] == 70, b[index + 3] == 73, b[index + 4] == 88,
               index == 0 || b[index - 1] == 1 || b[index - 1] == 10
            { return index }
            index += 1
        }
        return b.count
    }

    private static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        var index = from
        while index < b.count, index - from < limit {
            if b[index] == byte { return index }
            index += 1
        }
        return nil
    }

    /// The index of `10=` in the first `<SOH>10=NNN<SOH>` at or after `from`.
    private static func findChecksum(in b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = max(from, 1)
        while index + 7 <= b.count {
            if b[index - 1] == 1, b[index] == 49, b[index + 1] == 48, b[index + 2] == 61, b[index + 6] == 1 { return index }
            if b[index] == 56, b[index + 1] == 61, index + 4 < b.count, b[index + 2] == 70, b[index - 1] == 1 || b[index - 1] == 10 {
                return nil  // the next message starts first
            }
            index += 1
        }
        return nil
    }

    private static func message(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> FIXMessage {
        let bytes = Array(b[start..<end])
        var fields: [FIXMessage.Field] = []
        fields.reserveCapacity(24)
        var index = 0
        while index < bytes.count {
            var tag = 0
            while index < bytes.count, bytes[index] != 61 {
                tag = tag &* 10 &+ Int(bytes[index] &- 48)
                index += 1
            }
            let valueStart = index + 1
            var valueEnd = valueStart
            while valueEnd < bytes.count, bytes[valueEnd] != 1 { valueEnd += 1 }
            fields.append(FIXMessage.Field(tag: tag, value: valueStart..<min(valueEnd, bytes.count)))
            index = valueEnd + 1
        }
        return FIXMessage(bytes: bytes, fields: fields)
    }

    private static func sequence(in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> UInt64 {
        var index = from
        while index + 4 < to {
            if b[index] == 1, b[index + 1] == 51, b[index + 2] == 52, b[index + 3] == 61 {
                var value: UInt64 = 0, digit = index + 4
                while digit < to, b[digit] >= 48, b[digit] <= 57 { value = value &* 10 &+ UInt64(b[digit] - 48); digit += 1 }
                return value
            }
            index += 1
        }
        return 0
    }
}
