import Model

/// FIX 4.4 market data over TCP: as initiator (connects and sends Logon) or acceptor (listens and answers the
/// counterparty's Logon). Heartbeats are answered and sent when the line is quiet; the feed ends on Logout or
/// when the counterparty closes the connection.
public struct FIXTCPFeed: FeedSource {
    public let name: String
    private let connection: FIXConnection
    private var processor: FIXProcessor
    private let heartbeatNanos: Int64
    private var lastSent: Int64
    private var closed = false
    private let clock: @Sendable () -> Int64

    /// Creates a feed over a connection.
    ///
    /// - Parameters:
    ///   - connection: a connected or listening connection.
    ///   - initiator: send a Logon first (we connected out).
    ///   - heartbeatSeconds: HeartBtInt.
    /// - Throws: ``ConnectorError`` `.io` when the Logon cannot be sent.
    public init(connection: FIXConnection, master: InstrumentMaster, initiator: Bool, heartbeatSeconds: Int = 30,
                senderCompID: String = "TICKFLOW", targetCompID: String = "FEED", clock: @escaping @Sendable () -> Int64) throws {
        self.connection = connection
        self.name = "fix:" + (connection.peer.isEmpty ? "listen:\(connection.listeningPort)" : connection.peer)
        var session = FIXSession(senderCompID: senderCompID, targetCompID: targetCompID, replies: true)
        self.heartbeatNanos = Int64(heartbeatSeconds) * 1_000_000_000
        self.clock = clock
        self.lastSent = clock()
        if initiator { try connection.write(session.logon(heartbeatSeconds: heartbeatSeconds, sendingTime: FIXClock.now())) }
        self.processor = FIXProcessor(source: name, master: master, session: session)
    }

    public mutating func next(maxItems: Int) async throws -> [FeedItem]? {
        if closed { return nil }
        var items: [FeedItem] = []
        while items.isEmpty {
            try Task.checkCancellation()
            // Polls never block: waiting is a task sleep, so a quiet line holds no thread of the cooperative pool.
            if !connection.isConnected {
                if try !connection.accept(timeoutMillis: 0) { try await Task.sleep(for: .milliseconds(2)); continue }
            }
            guard let bytes = try connection.read(timeoutMillis: 0) else {
                closed = true
                _ = processor.drain(into: &items, maxItems: Int.max, atEnd: true, ingestTime: clock())
                return items.isEmpty ? nil : items
            }
            processor.append(bytes)
            _ = processor.drain(into: &items, maxItems: maxItems, atEnd: false, ingestTime: clock())
            try flushOutbox()
            if processor.loggedOut { closed = true; break }
            if bytes.isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            if items.isEmpty, clock() - lastSent >= heartbeatNanos {
                try connection.write(processor.heartbeat())
                lastSent = clock()
            }
        }
        return items
    }

    private mutating func flushOutbox() throws {
        for message in processor.outbox {
            try connection.write(message)
            lastSent = clock()
        }
        processor.outbox.removeAll()
    }
}
