import AsyncHTTPClient
import Foundation
import Model
import NIOHTTP1
import Serving
import Testing

/// The HTTP API end to end on a real socket: happy paths, error format, validation, state transitions.
@Suite struct LedgerAPITests {
    @Test func errorsHaveTheDocumentedShapeWithTraceIdAndField() async throws {
        try await withLiveServer { server in
            let missing = try await server.call(.POST, "/api/v1/users/register", body: ["email": "a@example.com", "name": "A"])
            #expect(missing.status == 400)
            #expect(missing.string("error") == "VALIDATION_ERROR")
            #expect(missing.string("field") == "password")
            #expect(missing["status"] as? Int == 400)
            let trace = missing.string("trace_id") ?? ""
            #expect(trace.count == 32 && trace.allSatisfy(\.isHexDigit))
            #expect(missing.headers.first(name: "X-Trace-Id") == trace)
            let notJSON = try await server.call(.POST, "/api/v1/users/login", body: "{not json")
            #expect(notJSON.status == 400)
            #expect(notJSON.string("field") == "body")
            let unauthenticated = try await server.call(.GET, "/api/v1/balance")
            #expect(unauthenticated.status == 401)
            #expect(unauthenticated.string("error") == "UNAUTHORIZED")
            let huge = String(repeating: "x", count: 70_000)
            let tooLarge = try await server.call(.POST, "/api/v1/users/login", body: ["email": "a@example.com", "password": huge])
            #expect(tooLarge.status == 413)
            #expect(tooLarge.string("error") == "PAYLOAD_TOO_LARGE")
            let spec = try await server.call(.GET, "/openapi.yaml")
            #expect(spec.status == 200)
        }
    }

    @Test func anInvestorTradesThroughTheAPI() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            try await server.deposit("2500.50", token: ada.token)
            let stocks = try await server.call(.GET, "/api/v1/stocks?limit=3")
            #expect(stocks.items.count == 3)
            let next = try #require(stocks.string("nextCursor"))
            let rest = try await server.call(.GET, "/api/v1/stocks?cursor=\(next)")
            #expect(rest.items.count == StockCatalog.seeded.listings.count - 3)
            let aapl = try await server.call(.GET, "/api/v1/stocks/AAPL")
            #expect(aapl.string("price") == "189.25")

            let order = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "market", "quantity": "10"])
            #expect(order.status == 201)
            #expect(order.string("status") == "filled")
            #expect(order.string("fillPrice") == "189.25")
            let balance = try await server.call(.GET, "/api/v1/balance", token: ada.token)
            #expect(balance.string("balance") == "608.00")
            let holdings = try await server.call(.GET, "/api/v1/stockholdings", token: ada.token)
            #expect(holdings.items.first?["quantity"] as? String == "10")
            let orderId = try #require(order.string("id"))
            let fills = try await server.call(.GET, "/api/v1/orders/\(orderId)/fills", token: ada.token)
            #expect(fills.items.first?["notional"] as? String == "1892.50")
            let cancelFilled = try await server.call(.PUT, "/api/v1/orders/\(orderId)", token: ada.token, body: ["status": "cancelled"])
            #expect(cancelFilled.status == 409)
            #expect(cancelFilled.string("error") == "INVALID_STATE")

            let limit = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "buy", "type": "limit", "quantity": "1", "limitPrice": "150"])
            #expect(limit.string("status") == "open")
            let limitId = try #require(limit.string("id"))
            let badStatus = try await server.call(.PUT, "/api/v1/orders/\(limitId)", token: ada.token, body: ["status": "filled"])
            #expect(badStatus.string("field") == "status")
            let cancelled = try await server.call(.PUT, "/api/v1/orders/\(limitId)", token: ada.token, body: ["status": "cancelled"])
            #expect(cancelled.string("status") == "cancelled")
            let tooPoor = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "ASML", "side": "buy", "type": "market", "quantity": "1"])
            #expect(tooPoor.status == 422)
            #expect(tooPoor.string("error") == "INSUFFICIENT_FUNDS")
            let badSide = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "AAPL", "side": "hold", "type": "market", "quantity": "1"])
            #expect(badSide.string("field") == "side")
            let audit = try await server.call(.GET, "/api/v1/audit?entityId=\(limitId)", token: ada.token)
            #expect(audit.items.compactMap { $0["action"] as? String } == ["order.placed", "order.cancelled"])
            let transactions = try await server.call(.GET, "/api/v1/transactions?limit=1", token: ada.token)
            #expect(transactions.items.count == 1)
            #expect(transactions.string("nextCursor") != nil)
            let badLimit = try await server.call(.GET, "/api/v1/transactions?limit=1001", token: ada.token)
            #expect(badLimit.string("field") == "limit")
        }
    }

    @Test func brokersAuthorizationsAndSystemBalanceUpdates() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            let bob = try await server.register("broker", name: "Bob")
            try await server.deposit("1000", token: ada.token)
            let brokers = try await server.call(.GET, "/api/v1/users?type=broker", token: ada.token)
            #expect(brokers.items.compactMap { $0["id"] as? String } == [bob.id])
            #expect(brokers.items.first?["email"] == nil)
            let grant = try await server.call(.POST, "/api/v1/authorizations", token: ada.token, body: ["type": "Capital", "brokerId": bob.id, "limit": "500"])
            #expect(grant.status == 201)
            let grantId = try #require(grant.string("id"))
            let brokerOrder = try await server.call(.POST, "/api/v1/orders", token: bob.token, body: ["stockId": "NVS", "side": "buy", "type": "market", "quantity": "5", "authorizationId": grantId])
            #expect(brokerOrder.status == 201)
            #expect(brokerOrder.string("userId") == ada.id)
            let over = try await server.call(.POST, "/api/v1/orders", token: bob.token, body: ["stockId": "NVS", "side": "buy", "type": "market", "quantity": "1", "authorizationId": grantId])
            #expect(over.string("error") == "AUTHORIZATION_INVALID")
            let revoke = try await server.call(.PUT, "/api/v1/authorizations/\(grantId)/revoke", token: ada.token)
            #expect(revoke.string("status") == "revoked")
            let brokerGrants = try await server.call(.GET, "/api/v1/authorizations/\(grantId)", token: bob.token)
            #expect(brokerGrants.string("status") == "revoked")

            let asInvestor = try await server.call(.PUT, "/api/v1/balance", token: ada.token, body: ["userId": ada.id, "amount": "100"])
            #expect(asInvestor.status == 403)
            let wrongKey = try await server.call(.PUT, "/api/v1/balance", apiKey: "nope", body: ["userId": ada.id, "amount": "100"])
            #expect(wrongKey.status == 401)
            let system = try await server.call(.PUT, "/api/v1/balance", apiKey: LiveLedgerServer.apiKey, body: ["userId": ada.id, "amount": "-0.25"])
            #expect(system.status == 200)
            #expect(system.string("balance") == "506.50")  // 1000 − 5 × 98.65 − 0.25
        }
    }

    @Test func aSystemQuoteFillsTheLimitOrdersItCrosses() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            try await server.deposit("1000", token: ada.token)
            let order = try await server.call(.POST, "/api/v1/orders", token: ada.token, body: ["stockId": "JNJ", "side": "buy", "type": "limit", "quantity": "4", "limitPrice": "150"])
            #expect(order.string("status") == "open")
            #expect(order.string("reserved") == "600")
            let byInvestor = try await server.call(.PUT, "/api/v1/quotes/JNJ", token: ada.token, body: ["bid": "149.00", "ask": "149.50"])
            #expect(byInvestor.status == 403)
            let above = try await server.call(.PUT, "/api/v1/quotes/JNJ", apiKey: LiveLedgerServer.apiKey, body: ["bid": "150.10", "ask": "150.20"])
            #expect((above["filledOrders"] as? [Any])?.count == 0)
            let crossing = try await server.call(.PUT, "/api/v1/quotes/JNJ", apiKey: LiveLedgerServer.apiKey, body: ["bid": "149.00", "ask": "149.50"])
            let filled = crossing["filledOrders"] as? [[String: Any]] ?? []
            #expect(filled.map { $0["id"] as? String } == [order.string("id")])
            #expect(filled.first?["fillPrice"] as? String == "149.5")
            let balance = try await server.call(.GET, "/api/v1/balance", token: ada.token)
            #expect(balance.string("balance") == "402.00")  // 1000 − 4 × 149.50
            #expect(balance.string("reserved") == "0.00")
            let crossed = try await server.call(.PUT, "/api/v1/quotes/JNJ", apiKey: LiveLedgerServer.apiKey, body: ["bid": "150", "ask": "149"])
            #expect(crossed.string("field") == "ask")
        }
    }

    @Test func portfoliosAreValuedAndRebalanced() async throws {
        try await withLiveServer { server in
            let ada = try await server.register()
            try await server.deposit("100000", token: ada.token)
            let created = try await server.call(.POST, "/api/v1/portfolios", token: ada.token, body: [
                "name": "Core",
                "holdings": [
                    ["stockId": "AAPL", "quantity": "100", "costBasis": "15000.00"],
                    ["stockId": "SAP", "quantity": "50", "costBasis": "9000.00"],
                ],
            ])
            #expect(created.status == 201)
            #expect(created.string("totalAum") == "27752.50")  // 100 × 189.25 + 50 × 176.55
            let id = try #require(created.string("id"))

            let proposal = try await server.call(.POST, "/api/v1/portfolios/\(id)/rebalance", token: ada.token, body: [
                "targets": [["stockId": "AAPL", "weight": "0.5"], ["stockId": "MSFT", "weight": "0.5"]],
            ])
            let trades = proposal["trades"] as? [[String: Any]] ?? []
            let summary = trades.map { "\($0["side"] as? String ?? "") \($0["stockId"] as? String ?? "") \($0["quantity"] as? String ?? "")" }
            let aapl = StockCatalog.seeded.listing("AAPL")!.instrument.id
            let msft = StockCatalog.seeded.listing("MSFT")!.instrument.id
            let sap = StockCatalog.seeded.listing("SAP")!.instrument.id
            // 27752.50 × 0.5 = 13876.25: 73 AAPL (floor of 73.32), 33 MSFT (floor of 33.43); SAP goes.
            #expect(summary == ["sell \(aapl) 27", "sell \(sap) 50", "buy \(msft) 33"])
        }
    }
}
