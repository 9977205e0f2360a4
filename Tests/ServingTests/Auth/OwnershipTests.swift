import Foundation
import Model
import NIOHTTP1
import Serving
import Testing

/// Every endpoint that names another user's resource, called with a second user's token: 404 or 403,
/// never the data.
@Suite struct OwnershipTests {
    @Test(arguments: StoreKind.allCases)
    func aSecondUserGetsNoData(kind: StoreKind) async throws {
        try await withLiveServer(kind) { server in
            let ada = try await server.register()
            let mallory = try await server.register(name: "Mallory")
            let bob = try await server.register("broker", name: "Bob")
            try await server.deposit("5000", token: ada.token)
            let order = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "limit", "quantity": "1", "limitPrice": "1"])
            let filled = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "2"])
            let orderId = try #require(order.string("id"))
            let filledId = try #require(filled.string("id"))
            let transactionId = try #require(try await server.call(.GET, "/api/v1/transactions", token: ada.token).items.first?["id"] as? String)
            let holdingId = try #require(try await server.call(.GET, "/api/v1/stockholdings", token: ada.token).items.first?["id"] as? String)
            let grantId = try #require(try await server.call(.POST, "/api/v1/authorizations", token: ada.token, body: ["type": "Capital", "brokerId": bob.id, "limit": "100"]).string("id"))
            let portfolioId = try #require(try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: ["name": "Core"]).string("id"))

            let probes: [(HTTPMethod, String, Any?)] = [
                (.GET, "/api/v1/orders/\(orderId)", nil),
                (.PUT, "/api/v1/orders/\(orderId)", ["status": "cancelled"]),
                (.GET, "/api/v1/orders/\(filledId)/fills", nil),
                (.GET, "/api/v1/transactions/\(transactionId)", nil),
                (.GET, "/api/v1/stockholdings/\(holdingId)", nil),
                (.PUT, "/api/v1/stockholdings/\(holdingId)", ["committedAmount": "0"]),
                (.GET, "/api/v1/authorizations/\(grantId)", nil),
                (.PUT, "/api/v1/authorizations/\(grantId)/revoke", nil),
                (.GET, "/api/v1/portfolios/\(portfolioId)", nil),
                (.PUT, "/api/v1/portfolios/\(portfolioId)/holdings", ["holdings": []]),
                (.GET, "/api/v1/portfolios/\(portfolioId)/performance", nil),
                (.POST, "/api/v1/portfolios/\(portfolioId)/rebalance", ["targets": []]),
                (.PUT, "/api/v1/users/\(ada.id)", ["name": "Pwned"]),
                (.DELETE, "/api/v1/users/\(ada.id)", nil),
            ]
            for (method, path, body) in probes {
                let answer = try await server.call(method, path, token: mallory.token, body: body)
                #expect([403, 404].contains(answer.status), "\(method) \(path) answered \(answer.status)")
                #expect(answer.string("error") != nil)
                #expect(answer["id"] == nil)
            }
            let lists = ["/api/v1/orders", "/api/v1/transactions", "/api/v1/stockholdings", "/api/v1/authorizations", "/api/v1/portfolios", "/api/v1/fills", "/api/v1/audit"]
            for path in lists {
                let answer = try await server.call(.GET, path, token: mallory.token)
                let foreign = answer.items.filter { item in
                    [item["userId"], item["investorId"], item["clientId"], item["ownerId"]].contains { ($0 as? String) == ada.id }
                }
                #expect(answer.status == 200)
                #expect(foreign.isEmpty, "\(path) leaked another user's items")
            }
            let balance = try await server.call(.GET, "/api/v1/balance", token: mallory.token)
            #expect(balance.string("balance") == "0.00")
            // Ada's data is untouched by all of that.
            #expect(try await server.call(.GET, "/api/v1/orders/\(orderId)", token: ada.token).string("status") == "open")
            #expect(try await server.call(.GET, "/api/v1/users/\(ada.id)", token: ada.token).string("name") == "Ada")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func adminsReadAnyUsersWalletTransactionsAndHoldings(kind: StoreKind) async throws {
        try await withLiveServer(kind) { server in
            let ada = try await server.register()
            let mallory = try await server.register(name: "Mallory")
            try await server.deposit("5000", token: ada.token)
            _ = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "2"])
            let admin = try await server.call(.POST, "/api/v1/users/register", apiKey: LiveLedgerServer.apiKey, body: ["email": "root-\(UUID().uuidString.prefix(6))@example.com", "password": "correct horse", "name": "Root", "type": "admin"])
            let adminToken = try #require(admin.string("accessToken"))

            let wallet = try await server.call(.GET, "/api/v1/balance?userId=\(ada.id)", token: adminToken)
            #expect(wallet.status == 200)
            #expect(wallet.string("userId") == ada.id)
            #expect(wallet.string("balance") == "4621.50")  // 5000 - 2 × 189.25
            let transactions = try await server.call(.GET, "/api/v1/transactions?userId=\(ada.id)", token: adminToken)
            #expect(transactions.items.compactMap { $0["type"] as? String } == ["deposit", "buy"])
            let transactionId = try #require(transactions.items.first?["id"] as? String)
            #expect(try await server.call(.GET, "/api/v1/transactions/\(transactionId)", token: adminToken).string("amount") == "5000.00")
            let holdings = try await server.call(.GET, "/api/v1/stockholdings?userId=\(ada.id)", token: adminToken)
            #expect(holdings.items.compactMap { $0["quantity"] as? String } == ["2"])
            let holdingId = try #require(holdings.items.first?["id"] as? String)
            #expect(try await server.call(.GET, "/api/v1/stockholdings/\(holdingId)", token: adminToken).string("userId") == ada.id)
            #expect(try await server.call(.GET, "/api/v1/balance?userId=nobody", token: adminToken).status == 404)

            // Anyone else naming Ada gets 403, and naming oneself is the same as naming no one.
            for path in ["/api/v1/balance", "/api/v1/transactions", "/api/v1/stockholdings"] {
                let answer = try await server.call(.GET, "\(path)?userId=\(ada.id)", token: mallory.token)
                #expect(answer.status == 403, "\(path) answered \(answer.status)")
                #expect(answer["balance"] == nil && answer["items"] == nil)
                #expect(try await server.call(.GET, "\(path)?userId=\(mallory.id)", token: mallory.token).status == 200)
            }
        }
    }
}
