import AsyncHTTPClient
import Foundation
import Model
import NIOCore
import Serving
import Testing

/// `GET /market-data/stream` (Server-Sent Events) over a real socket.
@Suite struct LiveStreamAPITests {
    @Test func aClientGetsTheEventsItFollowsAndTheStreamEndsAtShutdown() async throws {
        let live = LiveUpdates()
        let aapl = PriceWarehouse.id("AAPL")
        try await withLiveServer(live: live) { server in
            let ada = try await server.register()
            let portfolio = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: ["name": "P", "holdings": [["stockId": "AAPL", "quantity": "1", "costBasis": "190"]]])
            let portfolioId = try #require(portfolio.string("id"))

            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/v1/market-data/stream?instrumentIds=AAPL&portfolioIds=\(portfolioId)")
            request.headers.add(name: "Authorization", value: "Bearer \(ada.token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            var body = response.body.makeAsyncIterator()
            _ = try await body.next()  // ": following": the subscription exists from here on
            #expect(live.subscriberCount == 1)

            live.publish([
                .quote(Views.quote(aapl, bid: 189.40, ask: 189.43, at: 1)), .quote(Views.quote(Views.sie, bid: 171, ask: 171.1, at: 1)),
                .risk(Views.risk(portfolioId, .valueAtRisk, .parametric, confidence: 0.99, value: 12.5, at: 2)),
            ])
            var text = ""
            while text.components(separatedBy: "\n\n").count < 3, let chunk = try await body.next() { text += String(buffer: chunk) }
            let events = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.count == 2, "the Siemens quote is not followed")
            #expect(events.first?.hasPrefix("event: quote\ndata: {") == true)
            #expect(events.first?.contains(#""bid":189.4"#) == true)
            #expect(events.last?.hasPrefix("event: risk\ndata: ") == true)
            #expect(events.last?.contains(#""value":12.5"#) == true)

            let bob = try await server.register(name: "Bob")
            #expect(try await server.call(.GET, "/api/v1/market-data/stream?portfolioIds=\(portfolioId)", token: bob.token).status == 404)
            #expect(try await server.call(.GET, "/api/v1/market-data/stream", token: bob.token).status == 400)
            #expect(try await server.call(.GET, "/api/v1/market-data/stream?instrumentIds=AAPL").status == 401)
        }
        // withLiveServer stopped the server: the graceful shutdown closed the stream instead of waiting for it.
        #expect(live.subscriberCount == 0)
    }
}
