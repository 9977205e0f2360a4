import Connectors
import Testing

@Suite struct FIXSessionTests {
    static func message(_ type: String, _ sequence: Int, _ extra: [(Int, String)] = []) -> FIXMessage {
        var framer = FIXFramer()
        framer.append(FIXMessage.encode([(35, type), (49, "FEED"), (56, "TICKFLOW"), (34, String(sequence)), (52, "20261120-14:30:00")] + extra))
        guard case .message(let message, _) = framer.next(atEnd: true) else { fatalError("bad test message") }
        return message
    }

    @Test func answersLogonAndTestRequestAndDetectsGaps() {
        var session = FIXSession(replies: true)
        #expect(session.state == .awaitingLogon)
        let logon = session.receive(Self.message("A", 1, [(98, "0"), (108, "30")]), sendingTime: "20261120-14:30:00.000")
        #expect(session.state == .active)
        guard case .send(let reply) = logon.first else { Issue.record("\(logon)"); return }
        let replyText = String(decoding: reply, as: UTF8.self)
        #expect(replyText.contains("\u{1}35=A\u{1}49=TICKFLOW\u{1}56=FEED\u{1}34=1\u{1}"))
        let test = session.receive(Self.message("1", 2, [(112, "PING")]), sendingTime: "t")
        guard case .send(let heartbeat) = test.first else { Issue.record("\(test)"); return }
        #expect(String(decoding: heartbeat, as: UTF8.self).contains("35=0\u{1}49=TICKFLOW\u{1}56=FEED\u{1}34=2\u{1}52=t\u{1}112=PING\u{1}"))
        #expect(session.receive(Self.message("0", 3), sendingTime: "t").isEmpty)
        let jumped = session.receive(Self.message("W", 7, [(55, "AAPL")]), sendingTime: "t")
        #expect(jumped.first == .gap(expected: 4, received: 7))
        #expect(jumped.count == 2)
        #expect(session.expectedSequence == 8)
        #expect(session.receive(Self.message("4", 8, [(36, "20")]), sendingTime: "t").isEmpty)
        #expect(session.receive(Self.message("X", 20), sendingTime: "t").count == 1)
        let logout = session.receive(Self.message("5", 21), sendingTime: "t")
        #expect(logout.last == .loggedOut)
        #expect(session.state == .closed)
    }

    @Test func aFileSessionNeverReplies() {
        var session = FIXSession(replies: false)
        #expect(session.receive(Self.message("A", 1), sendingTime: "t").isEmpty)
        #expect(session.receive(Self.message("1", 2, [(112, "X")]), sendingTime: "t").isEmpty)
        guard case .unsupported = session.receive(Self.message("D", 3), sendingTime: "t").first else { Issue.record("D accepted"); return }
    }

    @Test func theInitiatorDoesNotAnswerTheLogonReply() {
        var session = FIXSession(replies: true)
        let logon = String(decoding: session.logon(heartbeatSeconds: 15, sendingTime: "t"), as: UTF8.self)
        #expect(logon.contains("35=A\u{1}49=TICKFLOW\u{1}56=FEED\u{1}34=1\u{1}52=t\u{1}98=0\u{1}108=15\u{1}"))
        #expect(session.receive(Self.message("A", 1), sendingTime: "t").isEmpty)
        #expect(session.state == .active)
        #expect(session.outgoingSequence == 2)
    }
}
