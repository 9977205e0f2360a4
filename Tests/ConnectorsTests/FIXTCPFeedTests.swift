import Connectors
import Foundation
import Model
import Testing

/// A FIX session over a real loopback TCP connection: our feed listens, a counterparty connects.
@Suite struct FIXTCPFeedTests {
    /// Reads from the counterparty side until one message arrives (up to 30 s, never blocking a pool thread).
    static func receive(_ connection: FIXConnection, _ framer: inout FIXFramer) async throws -> FIXMessage {
        for _ in 0..<3000 {
            if case .message(let message, _)? = framer.next(atEnd: false) { return message }
            guard let bytes = try connection.read(timeoutMillis: 0) else { break }
            if bytes.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            framer.append(bytes)
        }
        throw ConnectorError(.session, "no reply from the feed")
    }

    static func header(_ type: String, _ sequence: Int) -> [(Int, String)] {
        [(35, type), (49, "EXCHANGE"), (56, "TICKFLOW"), (34, String(sequence)), (52, "20261120-14:30:00.000")]
    }

    @Test func acceptsASessionAnswersItAndDeliversMarketData() async throws {
        let listening = try FIXConnection(listenOn: "127.0.0.1", port: 0)
        let port = listening.listeningPort
        let reader = Task {
            var feed = try FIXTCPFeed(
                connection: listening, master: Fixtures.master, initiator: false, targetCompID: "EXCHANGE", clock: Fixtures.clock)
            var items: [FeedItem] = []
            while let batch = try await feed.next(maxItems: 100) { items += batch }
            return items
        }
        let counterparty = try FIXConnection(connectTo: "127.0.0.1", port: port)
        var framer = FIXFramer()
        try counterparty.write(FIXMessage.encode(Self.header("A", 1) + [(98, "0"), (108, "30")]))
        let logon = try await Self.receive(counterparty, &framer)
        #expect(logon.messageType == "A")
        #expect(logon.string(49) == "TICKFLOW")
        #expect(logon.string(56) == "EXCHANGE")
        try counterparty.write(FIXMessage.encode(Self.header("1", 2) + [(112, "ARE-YOU-THERE")]))
        let heartbeat = try await Self.receive(counterparty, &framer)
        #expect(heartbeat.messageType == "0")
        #expect(heartbeat.string(112) == "ARE-YOU-THERE")
        #expect(heartbeat.sequence == 2)
        try counterparty.write(FIXMessage.encode(Self.header("W", 3) + [
            (55, "NVDA"), (268, "2"), (269, "0"), (270, "120.10"), (271, "500"), (269, "1"), (270, "120.12"), (271, "700"),
        ]))
        // Sequence 4 is lost: the gap is reported, the trade still arrives.
        try counterparty.write(FIXMessage.encode(Self.header("X", 5) + [
            (268, "1"), (279, "0"), (269, "2"), (55, "NVDA"), (270, "120.11"), (271, "50"),
        ]))
        try counterparty.write(FIXMessage.encode(Self.header("5", 6)))
        let logout = try await Self.receive(counterparty, &framer)
        #expect(logout.messageType == "5")
        let items = try await reader.value
        let quote = try #require(Fixtures.quotes(items).first)
        #expect(quote.symbol == "NVDA" && quote.bidPrice == 120.10 && quote.askSize == 700)
        #expect(Fixtures.trades(items).map(\.price) == [120.11])
        let gap = try #require(Fixtures.rejects(items).first)
        #expect(gap.reason == .sequenceGap)
        #expect(gap.position.sequence == 5)
        #expect(gap.position.source == "fix:listen:\(port)")
    }

    @Test func connectsOutLogsOnAndEndsWhenTheCounterpartyCloses() async throws {
        let exchange = try FIXConnection(listenOn: "127.0.0.1", port: 0)
        var settings = FeedSettings(kind: .fix)
        settings.fixConnect = "127.0.0.1:\(exchange.listeningPort)"
        var feed = try settings.open(master: Fixtures.master, scorer: Fixtures.scorer, clock: Fixtures.clock)
        #expect(try exchange.accept(timeoutMillis: 5_000))
        var framer = FIXFramer()
        let logon = try await Self.receive(exchange, &framer)
        #expect(logon.messageType == "A")
        #expect(logon.sequence == 1)
        #expect(logon.string(108) == "30")
        try exchange.write(FIXMessage.encode(Self.header("A", 1) + [(98, "0"), (108, "30")]))
        try exchange.write(FIXMessage.encode(Self.header("X", 2) + [
            (268, "1"), (279, "0"), (269, "2"), (55, "USDJPY"), (270, "151.234"), (271, "1000000"),
        ]))
        var items: [FeedItem] = []
        while items.isEmpty, let batch = try await feed.next(maxItems: 10) { items += batch }
        let rate = Fixtures.events(items).compactMap { if case .fx(let rate) = $0 { rate } else { nil } }.first
        #expect(rate?.pair == "USDJPY")
        #expect(rate?.rate == 151.234)
        exchange.closeCounterparty()
        while let batch = try await feed.next(maxItems: 10) { items += batch }
        #expect(Fixtures.rejects(items).isEmpty)
    }
}
