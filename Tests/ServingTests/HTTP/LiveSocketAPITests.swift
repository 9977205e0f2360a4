import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import Model
import Serving
import Synchronization
import Testing

/// `GET /market-data/ws` (WebSocket) over a real socket.
@Suite struct LiveSocketAPITests {
    /// Connects with `token` and hands every text message to `onMessage` until it returns false (then closes).
    static func follow(
        port: Int, query: String, token: String, onMessage: @escaping @Sendable (String) async throws -> Bool
    ) async throws -> WebSocketCloseFrame? {
        var configuration = WebSocketClientConfiguration()
        configuration.additionalHeaders[.authorization] = "Bearer \(token)"
        var logger = Logger(label: "test.ws")
        logger.logLevel = .warning
        return try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/api/v1/market-data/ws?\(query)", configuration: configuration, logger: logger
        ) { inbound, outbound, _ in
            var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            while let message = try await messages.next() {
                guard case .text(let text) = message else { continue }
                if try await !onMessage(text) { break }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aClientGetsTheUpdatesItFollowsAndItsSubscriptionEndsWhenItCloses() async throws {
        let live = LiveUpdates()
        let aapl = PriceWarehouse.id("AAPL")
        try await withLiveServer(live: live) { server in
            let ada = try await server.register()
            let received = Mutex<[String]>([])
            let client = Task {
                try await Self.follow(port: server.port, query: "instrumentIds=AAPL", token: ada.token) { text in
                    received.withLock { messages in
                        messages.append(text)
                        return messages.count < 2
                    }
                }
            }
            while live.subscriberCount < 1 { try await Task.sleep(for: .milliseconds(10)) }
            live.publish([
                .quote(Views.quote(Views.sie, bid: 171, ask: 171.1, at: 1)),
                .quote(Views.quote(aapl, bid: 189.40, ask: 189.43, at: 1)),
                .bar(Views.bar(aapl, minute: 3, close: 189.5)),
            ])
            _ = try await client.value
            let messages = try received.withLock { $0 }.map(Self.object)
            #expect(messages.count == 2, "the Siemens quote is not followed")
            #expect(messages[0]["type"] as? String == "quote")
            let quote = try #require(messages[0]["data"] as? [String: Any])
            #expect(quote["bid"] as? Double == 189.40)
            #expect(quote["instrumentId"] as? String == aapl)
            #expect(messages[1]["type"] as? String == "bar")
            #expect((messages[1]["data"] as? [String: Any])?["close"] as? Double == 189.5)
            for _ in 0..<200 where live.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(live.subscriberCount == 0, "closing the socket ends the subscription")
        }
    }

    @Test func refusedUpgradesAreAnsweredInTheErrorFormat() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            // Not an upgrade: the HTTP route says so after the same checks as the socket's.
            let plain = try await server.call(.GET, "/api/v1/market-data/ws?instrumentIds=AAPL", token: ada.token)
            #expect(plain.status == 426)
            #expect(plain.string("trace_id") != nil)
            #expect(try await server.call(.GET, "/api/v1/market-data/ws?instrumentIds=AAPL").status == 401)
            #expect(try await server.call(.GET, "/api/v1/market-data/ws", token: ada.token).status == 400)
            #expect(try await server.call(.GET, "/api/v1/market-data/ws?portfolioIds=nope", token: ada.token).status == 404)
            // A socket with a bad token is never opened.
            await #expect(throws: (any Error).self) {
                _ = try await Self.follow(port: server.port, query: "instrumentIds=AAPL", token: "not-a-token") { _ in false }
            }
        }
    }

    /// A client that stops reading is sampled: its queue keeps the newest updates, the rest are dropped and
    /// counted, and once it reads again the latest price reaches it.
    @Test func aSlowClientIsSampledNotBuffered() async throws {
        let live = LiveUpdates(configuration: .init(bufferPerSubscriber: 16))
        let aapl = PriceWarehouse.id("AAPL")
        let total = 20_000
        try await withLiveServer(live: live) { server in
            let ada = try await server.register()
            let paused = Mutex(true)
            let last = Mutex<Double?>(nil)
            let count = Mutex(0)
            let client = Task {
                try await Self.follow(port: server.port, query: "instrumentIds=AAPL", token: ada.token) { text in
                    while paused.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                    count.withLock { $0 += 1 }
                    let data = try #require(try Self.object(text)["data"] as? [String: Any])
                    let bid = try #require(data["bid"] as? Double)
                    last.withLock { $0 = bid }
                    return bid < Double(total)
                }
            }
            while live.subscriberCount < 1 { try await Task.sleep(for: .milliseconds(10)) }
            live.publish((1...total).map { .quote(Views.quote(aapl, bid: Double($0), ask: Double($0) + 0.01, at: Int64($0))) })
            #expect(live.droppedTotal > 0)
            paused.withLock { $0 = false }
            _ = try await client.value
            #expect(last.withLock { $0 } == Double(total), "the newest update is kept")
            #expect(count.withLock { $0 } < total)
        }
    }
}
