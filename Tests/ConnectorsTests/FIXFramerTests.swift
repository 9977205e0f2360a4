import Connectors
import Foundation
import Testing

@Suite struct FIXFramerTests {
    static let heartbeat = FIXMessage.encode([(35, "0"), (49, "FEED"), (56, "TICKFLOW"), (34, "7"), (52, "20261120-14:30:00.000")])

    @Test func encodesBodyLengthAndChecksumLikeTheStandard() {
        // The FIX specification's own example sums: BodyLength counts the bytes after 9=…<SOH> up to 10=.
        let text = String(decoding: Self.heartbeat, as: UTF8.self)
        let body = "35=0\u{1}49=FEED\u{1}56=TICKFLOW\u{1}34=7\u{1}52=20261120-14:30:00.000\u{1}"
        #expect(text.hasPrefix("8=FIX.4.4\u{1}9=\(body.utf8.count)\u{1}" + body + "10="))
        let head = "8=FIX.4.4\u{1}9=\(body.utf8.count)\u{1}"
        let sum = Array((head + body).utf8).reduce(0) { ($0 + Int($1)) % 256 }
        #expect(text.hasSuffix("10=\(String(format: "%03d", sum))\u{1}"))
    }

    @Test func framesMessagesSplitAcrossReadsAndSeparatedByNewlines() {
        var framer = FIXFramer()
        let stream = Self.heartbeat + [10] + Self.heartbeat
        var frames: [FIXFramer.Frame] = []
        for byte in stream {
            framer.append([byte])
            while let frame = framer.next(atEnd: false) { frames.append(frame) }
        }
        #expect(frames.count == 2)
        guard case .message(let message, let offset) = frames[1] else { Issue.record("\(frames)"); return }
        #expect(offset == Int64(Self.heartbeat.count + 1))
        #expect(message.messageType == "0")
        #expect(message.sequence == 7)
        #expect(message.string(49) == "FEED")
    }

    @Test func rejectsAWrongChecksumAndResynchronises() {
        var corrupt = Self.heartbeat
        corrupt[corrupt.count - 2] = corrupt[corrupt.count - 2] == 48 ? 49 : 48
        var framer = FIXFramer()
        framer.append(corrupt + Self.heartbeat)
        let first = framer.next(atEnd: true)
        guard case .invalid(let reason, let detail, let payload, let offset, let sequence) = first else { Issue.record("\(String(describing: first))"); return }
        #expect(reason == .badChecksum)
        #expect(detail.contains("CheckSum (10)"))
        #expect(payload == corrupt)
        #expect(offset == 0)
        #expect(sequence == 7)
        guard case .message = framer.next(atEnd: true) else { Issue.record("the next message was lost"); return }
        #expect(framer.next(atEnd: true) == nil)
    }

    @Test func rejectsAWrongBodyLengthWithTheActualLength() {
        let text = String(decoding: Self.heartbeat, as: UTF8.self)
        let declared = text.split(separator: "\u{1}")[1]
        let wrong = Array(text.replacingOccurrences(of: String(declared), with: "9=5").utf8)
        var framer = FIXFramer()
        framer.append(wrong + Self.heartbeat)
        guard case .invalid(let reason, let detail, let payload, _, _) = framer.next(atEnd: true) else { Issue.record("not rejected"); return }
        #expect(reason == .badBodyLength)
        #expect(detail == "BodyLength (9) is 5, the body has \(declared.dropFirst(2)) bytes")
        #expect(payload == wrong)
        guard case .message = framer.next(atEnd: true) else { Issue.record("the next message was lost"); return }
    }

    @Test func reportsAStreamThatEndsMidMessage() {
        var framer = FIXFramer()
        framer.append(Self.heartbeat.prefix(30))
        #expect(framer.next(atEnd: false) == nil)
        guard case .invalid(let reason, _, let payload, _, _) = framer.next(atEnd: true) else { Issue.record("not rejected"); return }
        #expect(reason == .truncatedRecord)
        #expect(payload == Array(Self.heartbeat.prefix(30)))
    }

    @Test func rejectsGarbageBeforeAMessage() {
        var framer = FIXFramer()
        framer.append(Array("hello\n".utf8) + Self.heartbeat)
        guard case .invalid(.malformedRecord, _, let payload, _, _) = framer.next(atEnd: true) else { Issue.record("not rejected"); return }
        #expect(payload == Array("hello\n".utf8))
        guard case .message = framer.next(atEnd: true) else { Issue.record("the message was lost"); return }
    }
}
