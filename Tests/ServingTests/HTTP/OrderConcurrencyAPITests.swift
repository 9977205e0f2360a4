import Foundation
import Model
import NIOHTTP1
import Serving
import Testing

/// Hundreds of concurrent POST /orders against one wallet over HTTP, on both stores.
@Suite struct OrderConcurrencyAPITests {
    @Test(arguments: StoreKind.allCases)
    func concurrentOrdersOverHTTPNeverOverdraw(kind: StoreKind) async throws {
        try await withLiveServer(kind) { server in
            let ada = try await server.register()
            try await server.deposit("3000.00", token: ada.token)
            server.fixture.quotes.update(MarketQuote(bid: dec("12.33"), ask: dec("12.34")), for: LedgerFixture.aapl)
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<300 {
                    group.addTask {
                        let answer = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "1"])
                        return (answer.status, answer.string("error"))
                    }
                }
                var all: [(Int, String?)] = []
                for try await status in group { all.append(status) }
                return all
            }
            let created = statuses.filter { $0.0 == 201 }.count
            let refused = statuses.filter { $0.0 == 422 && $0.1 == "INSUFFICIENT_FUNDS" }.count
            #expect(created == 243)  // floor(3000 / 12.34)
            #expect(created + refused == 300)

            let fills = try await server.call(.GET, "/api/v1/fills?limit=1000", token: ada.token)
            let spent = fills.items.compactMap { ($0["notional"] as? String).map(dec) }.reduce(Decimal(0), +)
            #expect(fills.items.count == created)
            let balance = try await server.call(.GET, "/api/v1/balance", token: ada.token)
            #expect(balance.string("balance").map(dec) == dec("3000.00") - spent)
            #expect(balance.string("reserved") == "0.00")
            let holding = try await server.call(.GET, "/api/v1/stockholdings", token: ada.token).items.first
            #expect(holding?["quantity"] as? String == String(created))
        }
    }
}
