/// The inbound side of a FIX 4.4 session as an I/O-free state machine: it takes verified messages and says what
/// to do — deliver market data, answer Logon, TestRequest and Logout, report sequence gaps.
public struct FIXSession: Sendable {
    /// What the caller should do with one inbound message.
    public enum Action: Sendable, Hashable {
        /// Market data (35=W or X) to normalise.
        case deliver(FIXMessage)
        /// Send this message to the counterparty (Logon reply, Heartbeat, Logout reply).
        case send([UInt8])
        /// MsgSeqNum jumped: messages `expected..<received` never arrived.
        case gap(expected: UInt64, received: UInt64)
        /// A message type this connector does not handle.
        case unsupported(FIXMessage)
        /// The counterparty logged out; the session is over.
        case loggedOut
    }

    /// The state of the session.
    public enum State: Sendable, Hashable {
        /// No Logon yet (files may start straight with market data).
        case awaitingLogon
        /// Logged on.
        case active
        /// Logged out.
        case closed
    }

    /// Our CompID (49 on what we send).
    public let senderCompID: String
    /// The counterparty's CompID (56 on what we send).
    public let targetCompID: String
    /// Whether we answer Logon/TestRequest/Logout (a live connection) or only track them (a file).
    public let replies: Bool
    /// The session state.
    public private(set) var state = State.awaitingLogon
    /// The next MsgSeqNum expected from the counterparty; 0 until the first message.
    public private(set) var expectedSequence: UInt64 = 0
    /// The next MsgSeqNum we send.
    public private(set) var outgoingSequence: UInt64 = 1
    /// Whether we sent the Logon (then the counterparty's Logon is its answer and needs none).
    private var initiated = false

    /// Creates a session.
    public init(senderCompID: String = "TICKFLOW", targetCompID: String = "FEED", replies: Bool) {
        self.senderCompID = senderCompID
        self.targetCompID = targetCompID
        self.replies = replies
    }

    /// Handles one inbound message; returns the actions in order.
    public mutating func receive(_ message: FIXMessage, sendingTime: @autoclosure () -> String) -> [Action] {
        var actions: [Action] = []
        let sequence = message.sequence
        let type = message.messageType
        if sequence > 0 {
            // A SequenceReset (35=4) moves the expected number without being a gap.
            if type == "4", let newSequence = message.string(36).flatMap(UInt64.init) {
                expectedSequence = newSequence
                return actions
            }
            if expectedSequence > 0, sequence > expectedSequence {
                actions.append(.gap(expected: expectedSequence, received: sequence))
            }
            if sequence >= expectedSequence { expectedSequence = sequence + 1 }
        }
        switch type {
        case "W", "X":
            actions.append(.deliver(message))
        case "A":
            state = .active
            if replies, !initiated { actions.append(.send(outgoing("A", [(98, "0"), (108, message.string(108) ?? "30")], sendingTime()))) }
        case "0":
            break
        case "1":
            if replies { actions.append(.send(outgoing("0", [(112, message.string(112) ?? "")], sendingTime()))) }
        case "5":
            state = .closed
            if replies { actions.append(.send(outgoing("5", [], sendingTime()))) }
            actions.append(.loggedOut)
        case "2", "3":
            break  // ResendRequest / Reject: nothing to replay from a read-only market-data consumer.
        default:
            actions.append(.unsupported(message))
        }
        return actions
    }

    /// A Logon to open a session we initiate.
    public mutating func logon(heartbeatSeconds: Int = 30, sendingTime: String) -> [UInt8] {
        initiated = true
        return outgoing("A", [(98, "0"), (108, String(heartbeatSeconds))], sendingTime)
    }

    /// A Heartbeat to send when the line has been quiet.
    public mutating func heartbeat(sendingTime: String) -> [UInt8] {
        outgoing("0", [], sendingTime)
    }

    private mutating func outgoing(_ type: String, _ body: [(Int, String)], _ sendingTime: String) -> [UInt8] {
        defer { outgoingSequence += 1 }
        return FIXMessage.encode(
            [(35, type), (49, senderCompID), (56, targetCompID), (34, String(outgoingSequence)), (52, sendingTime)] + body)
    }
}
