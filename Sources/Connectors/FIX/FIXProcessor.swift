import Model

/// Framing, session and market data together: bytes in, feed items and messages to send back out.
///
/// Shared by the file feed and the TCP feed.
public struct FIXProcessor: Sendable {
    /// The feed name used in positions.
    public let source: String
    private var framer = FIXFramer()
    /// The session state machine.
    public private(set) var session: FIXSession
    private var marketData: FIXMarketData
    /// Messages the session wants sent (Logon reply, Heartbeat…), to be taken by the caller.
    public var outbox: [[UInt8]] = []
    /// Whether the counterparty logged out.
    public private(set) var loggedOut = false

    /// Creates a processor.
    public init(source: String, master: InstrumentMaster, session: FIXSession) {
        self.source = source
        self.session = session
        self.marketData = FIXMarketData(master: master, sourceName: source)
    }

    /// A Heartbeat to send on a quiet line, numbered by the session.
    public mutating func heartbeat() -> [UInt8] { session.heartbeat(sendingTime: FIXClock.now()) }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) { framer.append(bytes) }

    /// Frames and handles what is buffered, appending items until `maxItems` or no complete message is left.
    ///
    /// - Returns: `false` when no complete message is buffered.
    public mutating func drain(into items: inout [FeedItem], maxItems: Int, atEnd: Bool, ingestTime: Int64) -> Bool {
        while items.count < maxItems {
            guard let frame = framer.next(atEnd: atEnd) else { return false }
            switch frame {
            case .invalid(let reason, let detail, let payload, let offset, let sequence):
                items.append(.reject(FeedReject(
                    position: FeedPosition(source: source, byteOffset: offset, sequence: sequence), reason: reason,
                    detail: detail, payload: payload)))
            case .message(let message, let offset):
                let position = FeedPosition(source: source, byteOffset: offset, sequence: message.sequence)
                for action in session.receive(message, sendingTime: FIXClock.now()) {
                    switch action {
                    case .deliver(let message):
                        items += marketData.normalize(message, position: position, ingestTime: ingestTime)
                    case .send(let bytes): outbox.append(bytes)
                    case .gap(let expected, let received):
                        items.append(.reject(FeedReject(
                            position: position, reason: .sequenceGap,
                            detail: "MsgSeqNum \(received) after \(expected - 1): messages \(expected)...\(received - 1) are missing",
                            payload: [])))
                    case .unsupported(let message):
                        items.append(.reject(FeedReject(
                            position: position, reason: .unsupportedMessage,
                            detail: "MsgType (35) \(message.messageType) is not handled", payload: message.bytes)))
                    case .loggedOut: loggedOut = true
                    }
                }
            }
        }
        return true
    }
}

/// FIX UTCTimestamp of the current time, `YYYYMMDD-HH:MM:SS.sss`.
enum FIXClock {
    static func now() -> String {
        let iso = Timestamp.iso8601(Timestamp.now())  // 2026-11-20T14:30:00.123456789Z
        let chars = Array(iso)
        return String(chars[0..<4]) + String(chars[5..<7]) + String(chars[8..<10]) + "-" + String(chars[11..<23])
    }
}

/// A FIX 4.4 log file (plain or gzip): messages back to back or one per line.
public struct FIXFileFeed: FeedSource {
    public let name: String
    private let input: ByteInput
    private var processor: FIXProcessor
    private var atEnd = false
    private var chunk: [UInt8] = []
    private let clock: @Sendable () -> Int64

    /// Opens a file.
    ///
    /// - Throws: ``ConnectorError`` `.io` when it cannot be opened.
    public init(path: String, master: InstrumentMaster, name: String? = nil, clock: @escaping @Sendable () -> Int64) throws {
        self.input = try ByteInput(path: path)
        self.name = name ?? path
        self.processor = FIXProcessor(source: name ?? path, master: master, session: FIXSession(replies: false))
        self.clock = clock
    }

    public mutating func next(maxItems: Int) async throws -> [FeedItem]? {
        var items: [FeedItem] = []
        let now = clock()
        while items.count < maxItems {
            if processor.drain(into: &items, maxItems: maxItems, atEnd: atEnd, ingestTime: now) { continue }
            if atEnd { break }
            chunk.removeAll(keepingCapacity: true)
            atEnd = try !input.read(appendingTo: &chunk)
            processor.append(chunk)
        }
        return items.isEmpty && atEnd ? nil : items
    }
}
